import type { IncomingMessage } from 'node:http';
import { AwsError } from './aws-error.ts';

/** A PutEvents request is at most 10 x 256 KB of entries plus JSON framing; anything larger is refused. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Over the limit: keep draining (so the answer can still be written) but stop keeping the bytes.
      if (size > limit) {
        chunks.length = 0;
        reject(new AwsError('ValidationException', `Request body is over the ${limit}-byte limit.`, 413));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
