// Local stand-ins for partner endpoints that are not on this machine. On a fresh clone, the catalogue's
// production endpoints (`https://3rdparty1.example/...`) cannot answer, so every delivery to them would
// sit in `pending NETWORK_ERROR` for a day. In `portico dev` the delivery worker reads its destinations
// through `standInDirectory`, which points each non-local endpoint (and a non-local OAuth token URL) at
// one local server; the bus itself keeps the real endpoints, as ListApiDestinations shows them. The
// stand-in answers as a partner would: it checks the connection's credentials and the Standard Webhooks
// signature with the destination's secrets (401 when either is wrong), records what it accepted, 200.
// `portico dev --real-endpoints` leaves the directory as it is.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { DestinationDirectory } from '../bus/resources/destination-directory.ts';
import { expectedAuth, PartnerAuth } from '../demo-partners/partner-auth.ts';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const KEEP_RECEIVED = 1000;

/** An endpoint this machine answers itself: loopback by name or address. */
export function isLocalEndpoint(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return LOCAL_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

export interface StandInDelivery {
  destination: string;
  path: string;
  webhookId: string;
  outcome: 'accepted' | 'bad-signature' | 'bad-credentials' | 'unknown-destination';
  at: string;
}

export interface StandIns {
  readonly url: string;
  /** What the stand-in received, newest last (the last 1,000). */
  readonly received: readonly StandInDelivery[];
  /** The delivery worker's view of the destinations, with non-local endpoints pointed here. */
  directory(inner: DestinationDirectory): DestinationDirectory;
  close(): Promise<void>;
}

/** Starts the stand-in server on an ephemeral loopback port. `directory` is the bus's own (real endpoints). */
export async function startStandIns(bus: DestinationDirectory & StandInLookup): Promise<StandIns> {
  const received: StandInDelivery[] = [];
  const auths = new Map<string, PartnerAuth>();
  // One PartnerAuth per connection: it issues the OAuth tokens it later accepts.
  const authOf = (connectionArn: string): PartnerAuth => {
    let auth = auths.get(connectionArn);
    if (!auth) {
      auth = new PartnerAuth(() => {
        const c = bus.connection(connectionArn);
        return c && expectedAuth(c.authorizationType, c.authParameters as Record<string, unknown>);
      });
      auths.set(connectionArn, auth);
    }
    return auth;
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const url = new URL(req.url ?? '/', 'http://stand-in');
      if (req.method === 'GET' && url.pathname === '/received') return reply(200, { items: received });
      const [, kind, name = '', ...rest] = url.pathname.split('/');
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]),
      );
      if (kind === 'token') {
        const connection = bus.connectionNamed(decodeURIComponent(name));
        const token = connection && authOf(connection.arn).issueToken(headers);
        return token ? reply(200, token) : reply(401, { error: 'invalid_client' });
      }
      const destination = kind === 'webhook' ? bus.apiDestinationNamed(decodeURIComponent(name)) : undefined;
      const record = (outcome: StandInDelivery['outcome']) => {
        received.push({
          destination: decodeURIComponent(name),
          path: `/${rest.join('/')}`,
          webhookId: headers['webhook-id'] ?? '',
          outcome,
          at: new Date().toISOString(),
        });
        if (received.length > KEEP_RECEIVED) received.shift();
      };
      if (!destination) {
        record('unknown-destination');
        return reply(404, { title: `No stand-in at ${url.pathname}` });
      }
      if (!authOf(destination.connectionArn).accepts(headers)) {
        record('bad-credentials');
        return reply(401, { title: 'The connection credentials do not match' });
      }
      const payload = Buffer.concat(chunks).toString('utf8');
      const secrets = bus.webhookSecrets(destination.arn);
      const signed =
        secrets.length === 0 ||
        secrets.some((secret) => {
          try {
            new Webhook(secret).verify(payload, headers);
            return true;
          } catch {
            return false;
          }
        });
      if (!signed) {
        record('bad-signature');
        return reply(401, { title: 'The webhook signature does not verify' });
      }
      record('accepted');
      return reply(200, { received: true, standIn: true });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    received,
    directory: (inner) => standInDirectory(inner, base),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Lookups by name, which the stand-in's paths carry. */
export interface StandInLookup {
  apiDestinationNamed(name: string): { arn: string; connectionArn: string } | undefined;
  connectionNamed(name: string): { arn: string } | undefined;
}

/**
 * `inner` with each non-local endpoint rewritten to `<base>/webhook/<destination><path>` and each
 * non-local OAuth token URL to `<base>/token/<connection>`. Read at every delivery, so endpoints
 * changed through the API or a catalogue reload are followed at once.
 */
export function standInDirectory(inner: DestinationDirectory, base: string): DestinationDirectory {
  return {
    apiDestination(arn) {
      const d = inner.apiDestination(arn);
      if (!d || isLocalEndpoint(d.endpoint)) return d;
      const real = new URL(d.endpoint);
      const endpoint = `${base}/webhook/${encodeURIComponent(d.name)}${real.pathname}${real.search}`;
      return { ...d, endpoint };
    },
    connection(arn) {
      const c = inner.connection(arn);
      const oauth = (
        c?.authParameters as { OAuthParameters?: { AuthorizationEndpoint?: string } } | undefined
      )?.OAuthParameters;
      if (!c || !oauth?.AuthorizationEndpoint || isLocalEndpoint(oauth.AuthorizationEndpoint)) return c;
      const params = c.authParameters as Record<string, unknown>;
      return {
        ...c,
        authParameters: {
          ...params,
          OAuthParameters: {
            ...oauth,
            AuthorizationEndpoint: `${base}/token/${encodeURIComponent(c.name)}`,
          },
        },
      };
    },
    webhookSecrets: (arn) => inner.webhookSecrets(arn),
  };
}

/** How many API destinations of the bus a stand-in answers for now (the banner's figure). */
export function countStandIns(endpoints: readonly string[]): number {
  return endpoints.filter((e) => !isLocalEndpoint(e)).length;
}
