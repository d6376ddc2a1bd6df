// The console (GET / for browsers) and the partner's page (GET /partner/), with their scripts under
// /_portico/console/. The scripts are services/console/web/*.ts, bundled by esbuild (with preact and
// htm) on first request and kept in memory: nothing is fetched from a CDN, and a fresh clone needs no
// build step. The console and the inspection API answer loopback only (loopback-guard.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { refusal } from './loopback-guard.ts';

// The runtime wraps the inspection API's other handlers with the same guard.
export { loopbackOnly } from './loopback-guard.ts';

export const CONSOLE_ASSETS_PREFIX = '/_portico/console/';
export const PARTNER_PAGE_PREFIX = '/partner/';

const ENTRIES: Record<string, string> = {
  'console.js': fileURLToPath(new URL('./web/console-app.ts', import.meta.url)),
  'partner.js': fileURLToPath(new URL('./web/partner-app.ts', import.meta.url)),
};

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f8fa}
header{background:#1b1f24;color:#fff;padding:.6rem 1rem}header h1{font-size:1.1rem;margin:0}
main{padding:1rem;display:grid;gap:1rem}section{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:.8rem}
h2{font-size:1rem;margin:0 0 .5rem}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25rem .4rem;border-bottom:1px solid #eaeef2;vertical-align:top}
.ok{color:#116329}.bad{color:#a40e26}.wait{color:#7d4e00}button{font:inherit;padding:.2rem .6rem;cursor:pointer}
label{margin-right:.6rem}input,select{font:inherit}code{font-size:12px}.muted{color:#57606a}`;

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1b1f24"/><path d="M4 12V4h5a2.5 2.5 0 0 1 0 5H4" stroke="#fff" stroke-width="2" fill="none"/></svg>`;

function page(title: string, script: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title><link rel="icon" href="${CONSOLE_ASSETS_PREFIX}favicon.svg"><style>${STYLE}</style></head><body><header><h1>${title}</h1></header><div id="app"></div>
<script src="${CONSOLE_ASSETS_PREFIX}${script}"></script></body></html>`;
}

export function createConsolePages() {
  const bundles = new Map<string, Promise<string>>();
  const bundle = (name: string) => {
    let built = bundles.get(name);
    if (!built) {
      built = import('esbuild').then(async ({ build }) => {
        const result = await build({
          entryPoints: [ENTRIES[name]!],
          bundle: true,
          write: false,
          format: 'iife',
          platform: 'browser',
          target: 'es2020',
          minify: true,
          legalComments: 'none',
          logLevel: 'silent',
        });
        return result.outputFiles[0]!.text;
      });
      built.catch(() => bundles.delete(name));
      bundles.set(name, built);
    }
    return built;
  };
  const text = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, {
      'content-type': `${type}; charset=utf-8`,
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      // Scripts from this origin only: no inline script, no CDN.
      'content-security-policy': "default-src 'self'; style-src 'unsafe-inline'; connect-src 'self'",
    });
    res.end(body);
  };
  return {
    /** GET / for a browser: the operator's console, loopback only. */
    console: (req: IncomingMessage, res: ServerResponse) => {
      const why = refusal(req);
      if (why !== undefined) return text(res, 403, 'text/plain', why);
      text(res, 200, 'text/html', page('Portico console', 'console.js'));
    },
    partner: (req: IncomingMessage, res: ServerResponse) => {
      if (req.method !== 'GET') return text(res, 405, 'text/plain', 'GET only.');
      text(res, 200, 'text/html', page('Portico partner view', 'partner.js'));
    },
    assets: async (req: IncomingMessage, res: ServerResponse) => {
      const name = (req.url ?? '').split('?')[0]!.slice(CONSOLE_ASSETS_PREFIX.length);
      if (name === 'favicon.svg') return text(res, 200, 'image/svg+xml', FAVICON);
      if (!Object.hasOwn(ENTRIES, name)) return text(res, 404, 'text/plain', `No asset ${name}.`);
      text(res, 200, 'text/javascript', await bundle(name));
    },
  };
}
