// Serves a built static site (the catalogue's docs, written by `portico docs`) under a path prefix
// of its own. The runtime never builds it (services/ does not import scripts/): `portico dev`
// writes it into a folder and this handler serves whatever that folder holds.
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

export const DOCS_PREFIX = '/docs';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

function send(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(text);
}

/** A file inside `root` for the request path, or undefined for anything outside it or missing. */
function fileFor(root: string, rest: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const path = resolve(root, `.${sep}${decoded}`);
  if (path !== root && !path.startsWith(root + sep)) return undefined;
  try {
    const stat = statSync(path);
    if (stat.isFile()) return path;
    if (stat.isDirectory() && statSync(join(path, 'index.html')).isFile()) return join(path, 'index.html');
  } catch {
    return undefined;
  }
  return undefined;
}

export function createStaticSiteHandler(dir: string, prefix = DOCS_PREFIX) {
  const root = resolve(dir);
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path !== prefix && !path.startsWith(`${prefix}/`)) {
      send(res, 404, `Not found: ${path}\n`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(
        res,
        405,
        `${req.method ?? ''} is not allowed on ${prefix}: the docs are read-only (GET, HEAD)\n`,
        {
          allow: 'GET, HEAD',
        },
      );
      return;
    }
    // Pages link relatively, so the site's root must end in a slash.
    if (path === prefix) {
      res.writeHead(301, { location: `${prefix}/` });
      res.end();
      return;
    }
    const file = fileFor(root, path.slice(prefix.length + 1));
    if (!file) {
      const built = fileFor(root, 'index.html') !== undefined;
      send(
        res,
        404,
        built
          ? `Not found: ${path}\n`
          : `The docs site is not built yet in ${dir}: \`portico dev\` builds it at start, or run \`npx portico docs --out ${dir}\`.\n`,
      );
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  };
}
