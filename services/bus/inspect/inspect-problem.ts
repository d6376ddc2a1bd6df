// Errors of the runtime's views under /_portico/*, in the same shape as /api and /portal: RFC 9457
// problem details (application/problem+json). `message` repeats `detail` for clients written against the
// earlier `{message}` bodies (`portico events`, inspect-client.ts).
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * The largest body a /_portico/* POST reads: a redrive names at most the 1,000 messages a dead-letter view
 * lists (~40 KB of ids), a replay four short strings.
 */
export const MAX_INSPECT_BODY_BYTES = 64 * 1024;

export function sendProblem(
  res: ServerResponse,
  status: number,
  detail: string,
  extensions: Record<string, unknown> = {},
): void {
  const text = JSON.stringify({
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    message: detail,
    ...extensions,
  });
  res.writeHead(status, {
    'content-type': 'application/problem+json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The request body is over the ${limit}-byte limit.`);
  }
}

/**
 * The body as text, refused (BodyTooLargeError) from its Content-Length before a byte is read, or as soon
 * as it streams past `limit`; the rest is drained unkept so the answer can still be written.
 */
export function readBodyText(req: IncomingMessage, limit = MAX_INSPECT_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    let refused = Number.isFinite(declared) && declared > limit;
    if (refused) reject(new BodyTooLargeError(limit));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
