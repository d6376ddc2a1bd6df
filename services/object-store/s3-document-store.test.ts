// S3Documents' commands, against a recording `send` (no S3 here), and a real pre-signed URL signed
// offline with static credentials: what is proven is the request shapes and the URL's expiry, not
// S3's answer to them.
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { describe, expect, it } from 'vitest';
import { S3Documents } from './s3-document-store.ts';

function recordingClient(fail?: string) {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  const client = {
    send: async (command: { input: object }) => {
      sent.push({ name: command.constructor.name, input: command.input as Record<string, unknown> });
      if (fail) throw Object.assign(new Error(fail), { name: fail });
      return {};
    },
  } as unknown as S3Client;
  return { client, sent };
}

describe('S3Documents', () => {
  it('puts a document under a generated key with its content type', async () => {
    const { client, sent } = recordingClient();
    const key = await new S3Documents(client, 'docs').put(Buffer.from('%PDF'), 'application/pdf');
    expect(key).toMatch(/^documents\/[0-9a-f-]{36}$/);
    expect(sent).toEqual([
      {
        name: 'PutObjectCommand',
        input: { Bucket: 'docs', Key: key, Body: Buffer.from('%PDF'), ContentType: 'application/pdf' },
      },
    ]);
  });

  it.each([
    [
      'an object S3 has',
      { fail: undefined, key: 'documents/6f1c2a9e-3b7d-4c8e-9a10-2f5e7d8c9b01', want: true, calls: 1 },
    ],
    [
      'an object S3 has not',
      { fail: 'NotFound', key: 'documents/6f1c2a9e-3b7d-4c8e-9a10-2f5e7d8c9b01', want: false, calls: 1 },
    ],
    ['a key of another shape, never asked', { fail: undefined, key: '../secrets', want: false, calls: 0 }],
  ])('exists: %s', async (_name, { fail, key, want, calls }) => {
    const { client, sent } = recordingClient(fail);
    expect(await new S3Documents(client, 'docs').exists(key)).toBe(want);
    expect(sent.map((s) => s.name)).toEqual(Array(calls).fill('HeadObjectCommand'));
  });

  it('links with a SigV4 pre-signed GET that expires when asked, at most 7 days', async () => {
    const client = new S3Client({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });
    const now = Date.parse('2026-01-01T00:00:00Z');
    const docs = new S3Documents(client, 'docs', () => now);
    const key = 'documents/6f1c2a9e-3b7d-4c8e-9a10-2f5e7d8c9b01';
    const hour = new URL(await docs.link(key, now + 3600_000));
    expect(hour.pathname).toContain(key);
    expect(hour.searchParams.get('X-Amz-Expires')).toBe('3600');
    expect(hour.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    const month = new URL(await docs.link(key, now + 30 * 86400_000));
    expect(month.searchParams.get('X-Amz-Expires')).toBe(String(7 * 86400));
  });

  it('links so that S3 serves the document inert: attachment, octet-stream, both signed', async () => {
    const client = new S3Client({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });
    const docs = new S3Documents(client, 'docs', () => 0);
    const url = new URL(await docs.link('documents/6f1c2a9e-3b7d-4c8e-9a10-2f5e7d8c9b01', 3600_000));
    expect(url.searchParams.get('response-content-disposition')).toBe('attachment');
    expect(url.searchParams.get('response-content-type')).toBe('application/octet-stream');
    // Query parameters are part of SigV4's canonical request: signing without them gives another signature.
    const bare = await getSignedUrl(
      client,
      new GetObjectCommand({ Bucket: 'docs', Key: 'documents/6f1c2a9e-3b7d-4c8e-9a10-2f5e7d8c9b01' }),
      {
        expiresIn: 3600,
        signingDate: new Date(
          url.searchParams
            .get('X-Amz-Date')!
            .replace(/(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/, '$1-$2-$3T$4:$5:$6Z'),
        ),
      },
    );
    expect(new URL(bare).searchParams.get('X-Amz-Signature')).not.toBe(
      url.searchParams.get('X-Amz-Signature'),
    );
  });
});
