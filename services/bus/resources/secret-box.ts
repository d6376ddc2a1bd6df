import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * AES-256-GCM for secrets at rest (connection credentials, webhook secrets). Sealed form:
 * base64url(iv[12] | tag[16] | ciphertext). The key comes from PORTICO_SECRET_KEY (any string, hashed to
 * 32 bytes) or from `<dataDir>/secret.key`, generated on first use with mode 0600.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error(`SecretBox: key must be 32 bytes, got ${key.length}`);
  }

  static fromEnvOrFile(dataDir: string | undefined, env = process.env): SecretBox {
    if (env.PORTICO_SECRET_KEY)
      return new SecretBox(createHash('sha256').update(env.PORTICO_SECRET_KEY).digest());
    if (!dataDir) return new SecretBox(randomBytes(32));
    const file = join(dataDir, 'secret.key');
    if (!existsSync(file)) {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    }
    return new SecretBox(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  open(sealed: string): string {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
