// The operator's views (the console at GET / and the inspection API under /_portico/) answer this
// machine only. Listening on 127.0.0.1 is not enough on its own:
// - `portico dev --host 0.0.0.0` listens on every interface: the peer address must be loopback;
// - DNS rebinding: a page on attacker.example, whose name then resolves to 127.0.0.1, reaches the port
//   from the operator's own browser as a same-origin request, with `Host: attacker.example`. The Host
//   header must name loopback (the check that webpack-dev-server and Vite make for the same reason);
// - cross-site requests: any page may POST a "simple" request (a form, `text/plain`) to 127.0.0.1 with
//   no CORS preflight. A state-changing call (anything but GET and HEAD) carrying an `Origin` that is
//   not this very origin is refused; browsers send `Origin` on every such request (Fetch standard,
//   "append a request `Origin` header"), the CLI sends none.
import type { IncomingMessage, ServerResponse } from 'node:http';

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
export function isLoopback(address: string | undefined): boolean {
  return !!address && (/^(::ffff:)?127\.\d+\.\d+\.\d+$/i.test(address) || address === '::1');
}

/** `localhost`, 127.0.0.0/8 or `[::1]`, with or without a port, as a Host header or URL host spells it. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const m = /^(?:\[([0-9a-f:.]+)\]|([^:[\]]+))(?::\d{1,5})?$/i.exec(host.trim());
  if (!m) return false;
  const name = (m[1] ?? m[2] ?? '').toLowerCase();
  return name === 'localhost' || isLoopback(name);
}

/** Why this request may not reach an operator's view, or undefined when it may. */
export function refusal(req: IncomingMessage): string | undefined {
  if (!isLoopback(req.socket.remoteAddress)) return 'The operator views answer loopback clients only.';
  const host = req.headers.host;
  if (!isLoopbackHost(host))
    return `Host ${JSON.stringify(host ?? '')} is not a loopback name: address the operator views as 127.0.0.1, [::1] or localhost.`;
  const origin = req.headers.origin;
  if (origin === undefined || req.method === 'GET' || req.method === 'HEAD') return undefined;
  let same = false;
  try {
    const url = new URL(origin);
    same = url.protocol === 'http:' && url.host.toLowerCase() === host!.trim().toLowerCase();
  } catch {
    // `Origin: null` (sandboxed frames, file: pages) and garbage are foreign.
  }
  return same
    ? undefined
    : `Origin ${JSON.stringify(origin)} is not this console's origin (http://${host!}): a change from another page is refused.`;
}

/** Wraps an operator's view: refused requests get 403 and a JSON message saying why. */
export function loopbackOnly(handler: Handler): Handler {
  return (req, res) => {
    const why = refusal(req);
    if (why === undefined) return handler(req, res);
    const text = JSON.stringify({ message: why });
    res.writeHead(403, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
}
