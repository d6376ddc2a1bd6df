import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import {
  type CreateConnectionCommandInput,
  CreateApiDestinationCommand,
  CreateConnectionCommand,
  DescribeApiDestinationCommand,
  DescribeConnectionCommand,
  ListApiDestinationsCommand,
  ListConnectionsCommand,
  UpdateConnectionCommand,
} from '@aws-sdk/client-eventbridge';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { strictPolicy } from '../../delivery/outbound-guard.ts';
import { startTestBus, type TestBus } from '../testing/test-bus.ts';

// Connection states (User Guide, "Connection states in EventBridge"; API reference, Connection and
// ApiDestination): an OAuth connection is AUTHORIZING until EventBridge obtains its first token, then
// AUTHORIZED; a failed token fetch is an authorization failure, DEAUTHORIZED. Its API destinations are
// INACTIVE until then. The token server runs on loopback: the test bus allows loopback and http as `portico
// dev` does; production's policy (strictPolicy) refuses it, which is a failed authorization too.

interface TokenServer {
  url: string;
  requests: number;
  release(): void;
  close(): Promise<void>;
}

/** A token endpoint that answers `status` (200: an access token) once the test releases it. */
async function tokenServer(status: number): Promise<TokenServer> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const state = { requests: 0 };
  const server: Server = createServer((req, res) => {
    state.requests++;
    req.resume();
    void gate.then(() => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status === 200 ? '{"access_token":"tok","expires_in":3600}' : '{"error":"invalid_client"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`,
    get requests() {
      return state.requests;
    },
    release,
    close: () =>
      new Promise<void>((resolve) => {
        release();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const oauth = (endpoint: string) => ({
  AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS' as const,
  AuthParameters: {
    OAuthParameters: {
      AuthorizationEndpoint: endpoint,
      HttpMethod: 'POST' as const,
      ClientParameters: { ClientID: 'id', ClientSecret: 'secret' },
    },
  },
});

let t: TestBus;
const servers: TokenServer[] = [];
beforeAll(async () => {
  t = await startTestBus();
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(async () => t.close());

async function states(name: string) {
  const c = await t.client.send(new DescribeConnectionCommand({ Name: name }));
  const d = await t.client.send(new DescribeApiDestinationCommand({ Name: `${name}-dest` }));
  const listed = await t.client.send(new ListApiDestinationsCommand({ NamePrefix: `${name}-dest` }));
  return {
    connection: c.ConnectionState,
    reason: c.StateReason,
    authorized: c.LastAuthorizedTime !== undefined,
    destination: d.ApiDestinationState,
    listed: listed.ApiDestinations?.[0]?.ApiDestinationState,
  };
}

async function createWithDestination(name: string, connection: Omit<CreateConnectionCommandInput, 'Name'>) {
  const created = await t.client.send(new CreateConnectionCommand({ Name: name, ...connection }));
  const destination = await t.client.send(
    new CreateApiDestinationCommand({
      Name: `${name}-dest`,
      ConnectionArn: created.ConnectionArn!,
      InvocationEndpoint: 'https://partner.example/hook',
      HttpMethod: 'POST',
    }),
  );
  return { created: created.ConnectionState, destination: destination.ApiDestinationState };
}

const pending = { connection: 'AUTHORIZING', reason: undefined, authorized: false };
const inactive = { destination: 'INACTIVE', listed: 'INACTIVE' };

describe('connection and API destination states, through the SDK', () => {
  it.each([
    [
      'OAuth, the token endpoint gives a token: AUTHORIZED, destination ACTIVE',
      200,
      {
        connection: 'AUTHORIZED',
        reason: undefined,
        authorized: true,
        destination: 'ACTIVE',
        listed: 'ACTIVE',
      },
    ],
    [
      'OAuth, the token endpoint answers 401: DEAUTHORIZED with the reason, destination INACTIVE',
      401,
      {
        connection: 'DEAUTHORIZED',
        reason: expect.stringContaining('answered 401'),
        authorized: false,
        ...inactive,
      },
    ],
  ])('%s', async (name, status, settled) => {
    const server = await tokenServer(status);
    servers.push(server);
    const id = `oauth-${status}`;
    // Until the token endpoint answers: AUTHORIZING and INACTIVE, in every answer.
    expect(await createWithDestination(id, oauth(server.url))).toEqual({
      created: 'AUTHORIZING',
      destination: 'INACTIVE',
    });
    expect(await states(id)).toEqual({ ...pending, ...inactive });
    server.release();
    await t.bus.authorizer.idle();
    expect(await states(id), name).toEqual(settled);
    expect(server.requests).toBe(1);
  });

  it('an unreachable token endpoint is DEAUTHORIZED', async () => {
    const server = await tokenServer(200);
    await server.close(); // nothing listens on its port any more
    await createWithDestination('oauth-gone', oauth(server.url));
    await t.bus.authorizer.idle();
    expect(await states('oauth-gone')).toEqual({
      connection: 'DEAUTHORIZED',
      reason: expect.stringContaining('unreachable'),
      authorized: false,
      ...inactive,
    });
  });

  it('API key and basic connections are AUTHORIZED at once, their destinations ACTIVE', async () => {
    const created = await createWithDestination('key', {
      AuthorizationType: 'API_KEY',
      AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-key', ApiKeyValue: 'v' } },
    });
    expect(created).toEqual({ created: 'AUTHORIZED', destination: 'ACTIVE' });
    expect(await states('key')).toEqual({
      connection: 'AUTHORIZED',
      reason: undefined,
      authorized: true,
      destination: 'ACTIVE',
      listed: 'ACTIVE',
    });
  });

  it('UpdateConnection authorizes again: AUTHORIZING, then AUTHORIZED with the new endpoint', async () => {
    const server = await tokenServer(200);
    servers.push(server);
    const update = await t.client.send(
      new UpdateConnectionCommand({ Name: 'oauth-401', ...oauth(server.url) }),
    );
    expect(update.ConnectionState).toBe('AUTHORIZING');
    expect((await states('oauth-401')).destination).toBe('INACTIVE');
    server.release();
    await t.bus.authorizer.idle();
    expect(await states('oauth-401')).toMatchObject({
      connection: 'AUTHORIZED',
      reason: undefined,
      destination: 'ACTIVE',
    });
  });

  it('ListConnections filters on the ConnectionState each connection is in', async () => {
    const names = async (state: 'AUTHORIZED' | 'DEAUTHORIZED' | 'AUTHORIZING') =>
      (await t.client.send(new ListConnectionsCommand({ ConnectionState: state }))).Connections?.map(
        (c) => c.Name,
      );
    expect({
      AUTHORIZED: await names('AUTHORIZED'),
      DEAUTHORIZED: await names('DEAUTHORIZED'),
      AUTHORIZING: await names('AUTHORIZING'),
    }).toEqual({
      AUTHORIZED: ['key', 'oauth-200', 'oauth-401'],
      DEAUTHORIZED: ['oauth-gone'],
      AUTHORIZING: [],
    });
  });

  it('the aws CLI sees AUTHORIZING, then AUTHORIZED', async () => {
    const server = await tokenServer(200);
    servers.push(server);
    const run = promisify(execFile);
    const aws = async (...args: string[]) =>
      JSON.parse(
        (
          await run(
            'aws',
            ['--endpoint-url', t.server.url, '--region', 'eu-west-1', '--output', 'json', 'events', ...args],
            { env: { ...process.env, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_PAGER: '' } },
          )
        ).stdout,
      ) as Record<string, unknown>;
    const params = JSON.stringify(oauth(server.url).AuthParameters);
    expect(
      await aws(
        'create-connection',
        '--name',
        'cli',
        '--authorization-type',
        'OAUTH_CLIENT_CREDENTIALS',
        '--auth-parameters',
        params,
      ),
    ).toMatchObject({ ConnectionState: 'AUTHORIZING' });
    server.release();
    await t.bus.authorizer.idle();
    expect(await aws('describe-connection', '--name', 'cli')).toMatchObject({
      ConnectionState: 'AUTHORIZED',
    });
  }, 120_000);
});

describe("with production's endpoint policy", () => {
  it('a token endpoint on loopback is refused by the outbound guard: DEAUTHORIZED, saying why', async () => {
    const strict = await startTestBus({ endpointPolicy: strictPolicy });
    try {
      const server = await tokenServer(200);
      servers.push(server);
      server.release();
      await strict.client.send(new CreateConnectionCommand({ Name: 'local', ...oauth(server.url) }));
      await strict.bus.authorizer.idle();
      const c = await strict.client.send(new DescribeConnectionCommand({ Name: 'local' }));
      expect({ state: c.ConnectionState, reason: c.StateReason }).toEqual({
        state: 'DEAUTHORIZED',
        reason: expect.stringMatching(/^Failed to obtain an OAuth token: .*https/),
      });
      expect(server.requests).toBe(0);
    } finally {
      await strict.close();
    }
  });
});
