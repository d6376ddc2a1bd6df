import { createHash, randomUUID } from 'node:crypto';
import { connectionArn, inRegion, regionlessArn } from '../arns.ts';
import type { LocalBus } from '../local-bus.ts';
import type { ConnectionAuthParameters } from '../../delivery/connection-auth.ts';
import { redactAuthParameters } from '../../delivery/secret-redaction.ts';
import type { AuthorizationType, ConnectionRecord, ConnectionState } from '../resources/connection-store.ts';
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
// States: an OAuth connection is AUTHORIZING until its first token (resources/connection-authorizer.ts).

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

/** Rows written before states were kept were AUTHORIZED (at their last change). */
export const stateOf = (c: ConnectionRecord): ConnectionState => c.state ?? 'AUTHORIZED';

const times = (c: ConnectionRecord): Record<string, unknown> => {
  const authorizedAt = c.authorizedAt ?? (c.state === undefined ? c.modifiedAt : undefined);
  return {
    CreationTime: epochSeconds(c.createdAt),
    LastModifiedTime: epochSeconds(c.modifiedAt),
    // Not yet authorized (an OAuth connection waiting for its first token): no time to give.
    ...(authorizedAt !== undefined ? { LastAuthorizedTime: epochSeconds(authorizedAt) } : {}),
  };
};

const stateMembers = (c: ConnectionRecord): Record<string, unknown> => ({
  ConnectionState: stateOf(c),
  ...(c.stateReason ? { StateReason: c.stateReason } : {}),
});

function CreateConnection(input: Input, bus: LocalBus): unknown {
  const name = requireName(input, 'Name');
  if (bus.connections.get(name)) throw alreadyExists(`Connection ${name} already exists.`);
  const type = authType(requireString(input, 'AuthorizationType'));
  const auth = optionalObject(input, 'AuthParameters') ?? {};
  checkAuth(type, auth);
  const now = Date.now();
  const description = optionalString(input, 'Description');
  const record: ConnectionRecord = bus.authorizer.initial({
    name,
    arn: connectionArn(bus.identity, name, randomUUID()),
    ...(description ? { description } : {}),
    authorizationType: type,
    authParameters: auth,
    createdAt: now,
    modifiedAt: now,
  });
  bus.connections.put(record);
  bus.authorizer.authorize(record);
  return {
    ConnectionArn: inRegion(bus.identity, record.arn),
    ConnectionState: stateOf(record),
    ...times(record),
  };
}

function DescribeConnection(input: Input, bus: LocalBus): unknown {
  const c = connectionOf(input, bus);
  return {
    ConnectionArn: inRegion(bus.identity, c.arn),
    Name: c.name,
    ...(c.description ? { Description: c.description } : {}),
    ...stateMembers(c),
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
    .filter((c) => c.name.startsWith(prefix) && (!state || state === stateOf(c)));
  const { page, nextToken } = paginate(matching, input);
  return {
    Connections: page.map((c) => ({
      ConnectionArn: inRegion(bus.identity, c.arn),
      Name: c.name,
      ...stateMembers(c),
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
  const updated: ConnectionRecord = bus.authorizer.initial({
    ...c,
    ...(description ? { description } : {}),
    authorizationType: type,
    authParameters: auth,
    modifiedAt: Date.now(),
  });
  bus.connections.put(updated);
  // AWS authorizes a connection again when it is updated (User Guide, "Updating connections").
  bus.authorizer.authorize(updated);
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
    ConnectionState: stateOf(updated),
    ...times(updated),
  };
}

function DeleteConnection(input: Input, bus: LocalBus): unknown {
  const c = connectionOf(input, bus);
  if (c.managedBy && input.Force !== true) throw managedResource('Connection', c.name);
  bus.connections.delete(c.name);
  bus.authorizer.forget(c);
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
