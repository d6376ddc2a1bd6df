// Errors of the runtime's views under /_portico/*, in the same shape as /api and /portal: RFC 9457
// problem details (application/problem+json). `message` repeats `detail` for clients written against the
// earlier `{message}` bodies (`portico events`, inspect-client.ts).
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { readLimitedBody } from '../server/read-body.ts';

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

/** The body as text, refused (BodyTooLargeError) as soon as it is known to be over `limit`. */
export async function readBodyText(req: IncomingMessage, limit = MAX_INSPECT_BODY_BYTES): Promise<string> {
  const body = await readLimitedBody(req, limit, (l) => new BodyTooLargeError(l));
  return body.toString('utf8');
}
