// Header names a connection may not set, and the characters no header may carry. A credential or
// invocation header named `Host`, `Content-Length` or `Transfer-Encoding` changes how the request
// is framed or routed (a configuration that can never succeed, retried for a day, or worse, request
// smuggling); one named `webhook-id` forges what Portico signs. Refused when the connection is
// created or changed (the bus's ValidationException, the Marketplace API's 422).

/**
 * RFC 9110 §7.6.1 (Connection and the hop-by-hop fields it names), §7.2 (Host), §8.6
 * (Content-Length), §10.1.1 (Expect), §7.8 (Upgrade), §10.1.4 (TE), §6.6.2 (Trailer); RFC 9112
 * §6.1 (Transfer-Encoding); the legacy hop-by-hop names of RFC 2616 §13.5.1 still honoured by
 * proxies; RFC 7540 §3.2.1 (HTTP2-Settings). And the Standard Webhooks headers Portico signs.
 */
const reserved = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'upgrade',
  'expect',
  'te',
  'trailer',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'http2-settings',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
]);

/** RFC 9110 §5.1: field-name = token; token = 1*tchar. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Why `name` may not be a header a connection sets, or undefined when it may. */
export function headerNameProblem(name: string): string | undefined {
  if (/[\r\n]/.test(name)) return 'a header name cannot contain CR or LF';
  if (!TOKEN.test(name)) return "a header name must be an RFC 9110 token (letters, digits, !#$%&'*+-.^_`|~)";
  if (reserved.has(name.toLowerCase()))
    return `${name} is reserved: it frames or routes the request (RFC 9110, RFC 9112) or is a Standard Webhooks header Portico signs`;
  return undefined;
}

/** RFC 9110 §5.5: a field value has no CR, LF or NUL. */
export function headerValueProblem(value: string): string | undefined {
  return /[\r\n\0]/.test(value) ? 'a header value cannot contain CR, LF or NUL' : undefined;
}
