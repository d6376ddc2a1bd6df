// Documents users attach, as objects: files under `<dataDir>/objects/` locally (S3 on AWS, where
// the same links are S3 pre-signed URLs). Keys are generated, never taken from the caller as a
// path, so nothing outside the folder can be reached.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export interface StoredObject {
  body: Buffer;
  contentType: string;
}

const keyShape = /^documents\/[0-9a-f-]{36}$/;

export class LocalObjectStore {
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'objects');
    // Owner only, as the rest of the data directory (open-database.ts).
    mkdirSync(join(this.root, 'documents'), { recursive: true, mode: 0o700 });
  }

  put(body: Buffer, contentType: string): string {
    const key = `documents/${randomUUID()}`;
    writeFileSync(join(this.root, key), body, { mode: 0o600 });
    writeFileSync(join(this.root, `${key}.type`), contentType, { mode: 0o600 });
    return key;
  }

  get(key: string): StoredObject | undefined {
    if (!keyShape.test(key) || !existsSync(join(this.root, key))) return undefined;
    return {
      body: readFileSync(join(this.root, key)),
      contentType: readFileSync(join(this.root, `${key}.type`), 'utf8'),
    };
  }
}
