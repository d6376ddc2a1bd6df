import type { IncomingMessage } from 'node:http';
import { MAX_REQUEST_BODY_BYTES } from '../limits.ts';
import { AwsError } from './aws-error.ts';

const tooLarge = (limit: number) =>
  new AwsError('ValidationException', `Request body is over the ${limit}-byte limit.`, 413);

/** The request body, refused (413 ValidationException) as soon as it is known to be over `limit`. */
export function readBody(req: IncomingMessage, limit = MAX_REQUEST_BODY_BYTES): Promise<Buffer> {
  return readLimitedBody(req, limit, tooLarge);
}

/**
 * A request body, refused with `refusal(limit)` as soon as it is known to be over `limit`: from its
 * Content-Length before a byte is read, else while it streams, never after buffering all of it.
 */
export function readLimitedBody(
  req: IncomingMessage,
  limit: number,
  refusal: (limit: number) => Error,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    let refused = Number.isFinite(declared) && declared > limit;
    if (refused) reject(refusal(limit));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      // Refused: keep draining (so the answer can still be written) but keep none of the bytes.
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        reject(refusal(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
