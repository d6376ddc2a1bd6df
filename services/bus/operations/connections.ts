import { createHash, randomUUID } from 'node:crypto';
import { connectionArn, inRegion, regionlessArn } from '../arns.ts';
import type { LocalBus } from '../local-bus.ts';
import type { ConnectionAuthParameters } from '../../delivery/connection-auth.ts';
import { redactAuthParameters } from '../../delivery/secret-redaction.ts';
import type { AuthorizationType, ConnectionRecord } from '../resources/connection-store.ts';
import { checkConnectionAuth } from './connection-checks.ts';
import { API_CALLER, managedChange, type Caller } from './managed-change.ts';
import { alreadyExists, managedResource, notFound, validationError } from '../server/aws-error.ts';
import {
  epochSeconds,
  optionalObject,
  optionalString,
  paginate,
  requireName,
  requireString,
  type Input,
} from './input.ts';

// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateConnection.html and siblings.
// Locally a connection is AUTHORIZED as soon as it exists: the OAuth token is fetched at delivery time.

const AUTH_TYPES = new Set<AuthorizationType>(['API_KEY', 'BASIC', 'OAUTH_CLIENT_CREDENTIALS']);
const AUTH_MEMBER: Record<AuthorizationType, string> = {
  API_KEY: 'ApiKeyAuthParameters',
  BASIC: 'BasicAuthParameters',
  OAUTH_CLIENT_CREDENTIALS: 'OAuthParameters',
};

function connectionOf(input: Input, bus: LocalBus): ConnectionRecord {
  const name = requireName(input, 'Name');
  const c = bus.connections.get(name);
  if (!c) throw notFound(`Failed to describe the connection(s). Connection '${name}' does not exist.`);
  return c;
}

function authType(value: string): AuthorizationType {
  if (!AUTH_TYPES.has(value as AuthorizationType)) {
    throw validationError(
      `Value '${value}' at 'authorizationType' failed to satisfy constraint: Member must satisfy enum value set: [API_KEY, BASIC, OAUTH_CLIENT_CREDENTIALS]`,
    );
  }
  return value as AuthorizationType;
}

function checkAuth(type: AuthorizationType, auth: Record<string, unknown>): void {
  if (!auth[AUTH_MEMBER[type]]) {
    throw validationError(`AuthorizationType ${type} requires AuthParameters.${AUTH_MEMBER[type]}.`);
  }
  checkConnectionAuth(auth as ConnectionAuthParameters);
}

const times = (c: ConnectionRecord): Record<string, unknown> => ({
  CreationTime: epochSeconds(c.createdAt),
  LastModifiedTime: epochSeconds(c.modifiedAt),
  LastAuthorizedTime: epochSeconds(c.modifiedAt),
});

function CreateConnection(input: Input, bus: LocalBus): unknown {
  const name = requireName(input, 'Name');
  if (bus.connections.get(name)) throw alreadyExists(`Connection ${name} already exists.`);
  const type = authType(requireString(input, 'AuthorizationType'));
  const auth = optionalObject(input, 'AuthParameters') ?? {};
  checkAuth(type, auth);
  const now = Date.now();
  const description = optionalString(input, 'Description');
  const record: ConnectionRecord = {
    name,
    arn: connectionArn(bus.identity, name, randomUUID()),
    ...(description ? { description } : {}),
    authorizationType: type,
    authParameters: auth,
    createdAt: now,
    modifiedAt: now,
  };
  bus.connections.put(record);
  return {
    ConnectionArn: inRegion(bus.identity, record.arn),
    ConnectionState: 'AUTHORIZED',
    ...times(record),
  };
}

function DescribeConnection(input: Input, bus: LocalBus): unknown {
  const c = connectionOf(input, bus);
  return {
    ConnectionArn: inRegion(bus.identity, c.arn),
    Name: c.name,
    ...(c.description ? { Description: c.description } : {}),
    ConnectionState: 'AUTHORIZED',
    AuthorizationType: c.authorizationType,
    SecretArn: secretArnOf(bus, c),
    AuthParameters: redactAuthParameters(c.authParameters as ConnectionAuthParameters),
    ...times(c),
  };
}

function ListConnections(input: Input, bus: LocalBus): unknown {
  const prefix = optionalString(input, 'NamePrefix') ?? '';
  const state = optionalString(input, 'ConnectionState');
  const matching = bus.connections
    .list()
    .filter((c) => c.name.startsWith(prefix) && (!state || state === 'AUTHORIZED'));
  const { page, nextToken } = paginate(matching, input);
  return {
    Connections: page.map((c) => ({
      ConnectionArn: inRegion(bus.identity, c.arn),
      Name: c.name,
      ConnectionState: 'AUTHORIZED',
      AuthorizationType: c.authorizationType,
      ...times(c),
    })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

/** AuthParameters given to UpdateConnection are merged member by member into the stored ones (as AWS does). */
function UpdateConnection(input: Input, bus: LocalBus, caller: Caller = API_CALLER): unknown {
  const c = connectionOf(input, bus);
  const change = managedChange(c, input, caller, () => managedResource('Connection', c.name), true);
  const typeText = optionalString(input, 'AuthorizationType');
  const type = typeText ? authType(typeText) : c.authorizationType;
  const patch = optionalObject(input, 'AuthParameters') ?? {};
  const auth: Record<string, unknown> = { ...c.authParameters };
  // A new authorization type's parameters replace the old type's: a connection authorizes one way.
  if (type !== c.authorizationType) delete auth[AUTH_MEMBER[c.authorizationType]];
  for (const [key, value] of Object.entries(patch)) {
    const old = auth[key];
    auth[key] =
      old && typeof old === 'object' && value && typeof value === 'object'
        ? { ...(old as object), ...(value as object) }
        : value;
  }
  checkAuth(type, auth);
  const description = optionalString(input, 'Description') ?? c.description;
  const updated: ConnectionRecord = {
    ...c,
    ...(description ? { description } : {}),
    authorizationType: type,
    authParameters: auth,
    modifiedAt: Date.now(),
  };
  bus.connections.put(updated);
  // Field names as the catalogue's install compares them (catalog/install-catalog-rules.ts).
  if (change === 'self-service')
    bus.catalogInstalls.recordSelfService('connection', c.name, {
      ...(input.Description !== undefined ? { description } : {}),
      ...(typeText || input.AuthParameters !== undefined
        ? { auth: { authorizationType: type, authParameters: auth } }
        : {}),
    });
  return {
    ConnectionArn: inRegion(bus.identity, updated.arn),
    ConnectionState: 'AUTHORIZED',
    ...times(updated),
  };
}

function DeleteConnection(input: Input, bus: LocalBus): unknown {
  const c = connectionOf(input, bus);
  if (c.managedBy && input.Force !== true) throw managedResource('Connection', c.name);
  bus.connections.delete(c.name);
  return { ConnectionArn: inRegion(bus.identity, c.arn), ConnectionState: 'DELETING', ...times(c) };
}

export const connectionOperations = {
  CreateConnection,
  DescribeConnection,
  ListConnections,
  UpdateConnection,
  DeleteConnection,
};

/**
 * AWS keeps a connection's credentials in a Secrets Manager secret named `events!connection/<name>/<uuid>`
 * and answers its ARN as SecretArn (DescribeConnection API reference). Locally the credentials are sealed in
 * the bus's own store; the ARN is made the same shape, stable for the connection (uuid and the six-character
 * suffix Secrets Manager adds are derived from the connection's ARN).
 */
function secretArnOf(bus: LocalBus, c: ConnectionRecord): string {
  const digest = createHash('sha256').update(regionlessArn(c.arn)).digest('hex');
  const uuid = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-${digest.slice(12, 16)}-${digest.slice(16, 20)}-${digest.slice(20, 32)}`;
  const suffix = Buffer.from(digest.slice(32, 40), 'hex').toString('base64url').slice(0, 6);
  const { region, accountId } = bus.identity;
  return `arn:aws:secretsmanager:${region}:${accountId}:secret:events!connection/${c.name}/${uuid}-${suffix}`;
}
