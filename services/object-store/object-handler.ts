// Serves objects through signed URLs, as a Lambda proxy handler mounted at `/objects`.
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
        headers: { 'content-type': object.contentType, 'cache-control': 'private, no-store' },
        body: object.body.toString('base64'),
        isBase64Encoded: true,
      };
    } catch (error) {
      if (error instanceof HttpProblem) return problemResult(error, event.path);
      throw error;
    }
  };
}
