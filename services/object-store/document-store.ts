// Where the user portal keeps users' documents and how it links them: `LocalDocuments` (files and
// HMAC-signed links served by object-handler.ts) for `portico dev`, `S3Documents` (S3 and pre-signed
// GET URLs) on AWS. Keys are generated here, never taken from the caller.
import type { LocalObjectStore } from './object-store.ts';
import { signObjectUrl } from './signed-url.ts';

export interface DocumentStore {
  /** Stores the body and answers its key (`documents/<uuid>`). */
  put(body: Buffer, contentType: string): Promise<string>;
  exists(key: string): Promise<boolean>;
  /** A link that reads the document until `expiresAt` (epoch milliseconds), and not after. */
  link(key: string, expiresAt: number): Promise<string>;
}

export class LocalDocuments implements DocumentStore {
  constructor(
    private readonly objects: LocalObjectStore,
    private readonly baseUrl: string,
    private readonly secret: Buffer,
  ) {}

  async put(body: Buffer, contentType: string): Promise<string> {
    return this.objects.put(body, contentType);
  }

  async exists(key: string): Promise<boolean> {
    return this.objects.get(key) !== undefined;
  }

  async link(key: string, expiresAt: number): Promise<string> {
    return signObjectUrl(this.baseUrl, key, expiresAt, this.secret);
  }
}
