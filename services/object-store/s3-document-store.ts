// Users' documents in S3 for AWS, linked by pre-signed GET URLs (SigV4 query signing), so a
// partner reads a document with no AWS credentials and only until the link expires.
// A pre-signed URL is valid for at most 7 days, and no longer than the credentials that signed it:
// signed with a Lambda role's temporary credentials it stops working when that session ends.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-presigned-url.html
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { randomUUID } from 'node:crypto';
import type { DocumentStore } from './document-store.ts';

const keyShape = /^documents\/[0-9a-f-]{36}$/;
const maxPresignSeconds = 7 * 24 * 3600;

export type Presign = (client: S3Client, command: GetObjectCommand, expiresIn: number) => Promise<string>;

export class S3Documents implements DocumentStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly now: () => number = Date.now,
    private readonly presign: Presign = (client, command, expiresIn) =>
      getSignedUrl(client, command, { expiresIn }),
  ) {}

  async put(body: Buffer, contentType: string): Promise<string> {
    const key = `documents/${randomUUID()}`;
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
    return key;
  }

  async exists(key: string): Promise<boolean> {
    if (!keyShape.test(key)) return false;
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (error instanceof Error && (error.name === 'NotFound' || error.name === 'NoSuchKey')) return false;
      throw error;
    }
  }

  async link(key: string, expiresAt: number): Promise<string> {
    const seconds = Math.min(maxPresignSeconds, Math.max(1, Math.floor((expiresAt - this.now()) / 1000)));
    // Served inert, as the local object handler serves documents (object-handler.ts): S3 answers with the
    // `response-content-*` query parameters of a signed GET in place of the stored headers, so a
    // `text/html` upload is downloaded, never rendered in a browser (GetObject API reference, "Overriding
    // response header values"). The parameters are part of the signature: a link cannot be edited to drop them.
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentDisposition: 'attachment',
      ResponseContentType: 'application/octet-stream',
    });
    return this.presign(this.client, command, seconds);
  }
}
