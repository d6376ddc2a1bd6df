// Serves objects through signed URLs, as a Lambda proxy handler mounted at `/objects`. A document
// is whatever a user uploaded, served from the API's own origin: it is served inert, never as a
// page. `nosniff` (Fetch §X-Content-Type-Options) stops a browser guessing HTML from the bytes,
// `Content-Disposition: attachment` (RFC 6266) makes it a download, and `Content-Security-Policy:
// sandbox` (CSP 3 §6.3.2) denies script and same-origin rights should it be rendered anyway.
import { HttpProblem, problemResult } from '../api-gateway/problem.ts';
import type { ProxyHandler } from '../api-gateway/proxy-event.ts';
import type { LocalObjectStore } from './object-store.ts';
import { checkObjectUrl } from './signed-url.ts';

export function createObjectHandler(opts: {
  store: LocalObjectStore;
  secret: Buffer;
  prefix: string;
  now?: () => number;
}): ProxyHandler {
  return async (event) => {
    const key = event.path.slice(opts.prefix.length + 1);
    try {
      if (event.httpMethod !== 'GET')
        throw new HttpProblem(405, 'method-not-allowed', 'Objects are read with GET.', {
          headers: { allow: 'GET' },
        });
      const check = checkObjectUrl(
        key,
        event.queryStringParameters ?? {},
        opts.secret,
        (opts.now ?? Date.now)(),
      );
      if (check === 'forged')
        throw new HttpProblem(403, 'forbidden', 'The link is not signed for this object.', {
          title: 'Forbidden',
        });
      if (check === 'expired')
        throw new HttpProblem(403, 'link-expired', 'The link has expired; ask for a new one.', {
          title: 'Forbidden',
        });
      const object = opts.store.get(key);
      if (!object) throw new HttpProblem(404, 'not-found', `No object ${key}.`);
      return {
        statusCode: 200,
        headers: {
          'content-type': object.contentType,
          'cache-control': 'private, no-store',
          ...inertHeaders(key),
        },
        body: object.body.toString('base64'),
        isBase64Encoded: true,
      };
    } catch (error) {
      if (error instanceof HttpProblem) return problemResult(error, event.path);
      throw error;
    }
  };
}

/** The headers that keep an uploaded document from running in the API's origin. */
export function inertHeaders(key: string): Record<string, string> {
  const name = key.split('/').pop() ?? 'document';
  return {
    'x-content-type-options': 'nosniff',
    // RFC 6266 §4.3: an ASCII fallback and the exact name as RFC 8187 ext-value.
    'content-disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    'content-security-policy': "sandbox; default-src 'none'",
  };
}
