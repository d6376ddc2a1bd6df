import { randomUUID } from 'node:crypto';
import { apiDestinationArn, inRegion, sameResource } from '../arns.ts';
import { stateOf } from './connections.ts';
import type { LocalBus } from '../local-bus.ts';
import type { ApiDestinationRecord } from '../resources/api-destination-store.ts';
import { alreadyExists, managedResource, notFound, validationError } from '../server/aws-error.ts';
import {
  epochSeconds,
  optionalNumber,
  optionalString,
  paginate,
  requireName,
  requireString,
  type Input,
} from './input.ts';
import { API_CALLER, managedChange, type Caller } from './managed-change.ts';

// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateApiDestination.html and siblings.

const METHODS = new Set(['POST', 'GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE']);

function destinationOf(input: Input, bus: LocalBus): ApiDestinationRecord {
  const name = requireName(input, 'Name');
  const d = bus.apiDestinations.get(name);
  if (!d)
    throw notFound(`Failed to describe the api-destination(s). An api-destination '${name}' does not exist.`);
  return d;
}

function checkConnection(bus: LocalBus, arn: string): void {
  if (!bus.connections.byArn(arn)) throw notFound(`Connection '${arn}' does not exist.`);
}

function checkEndpoint(endpoint: string): void {
  // AWS requires https; http is allowed locally so that demo partners can run on 127.0.0.1.
  if (!/^https?:\/\/[^\s]+$/.test(endpoint)) {
    throw validationError(`InvocationEndpoint ${endpoint} is not a valid http(s) URL.`);
  }
}

function checkMethod(method: string): void {
  if (!METHODS.has(method)) {
    throw validationError(
      `Value '${method}' at 'httpMethod' failed to satisfy constraint: Member must satisfy enum value set: [POST, GET, HEAD, OPTIONS, PUT, PATCH, DELETE]`,
    );
  }
}

/**
 * An API destination is ACTIVE while its connection is AUTHORIZED and INACTIVE otherwise (an OAuth connection
 * waiting for its first token, or DEAUTHORIZED): API reference, ApiDestinationState; User Guide, "Connection
 * states in EventBridge".
 */
function destinationState(bus: LocalBus, d: ApiDestinationRecord): 'ACTIVE' | 'INACTIVE' {
  const connection = bus.connections.byArn(d.connectionArn);
  return connection && stateOf(connection) === 'AUTHORIZED' ? 'ACTIVE' : 'INACTIVE';
}

const summary = (bus: LocalBus, d: ApiDestinationRecord): Record<string, unknown> => ({
  ApiDestinationArn: inRegion(bus.identity, d.arn),
  ApiDestinationState: destinationState(bus, d),
  CreationTime: epochSeconds(d.createdAt),
  LastModifiedTime: epochSeconds(d.modifiedAt),
});

const full = (bus: LocalBus, d: ApiDestinationRecord): Record<string, unknown> => ({
  ...summary(bus, d),
  Name: d.name,
  ...(d.description ? { Description: d.description } : {}),
  ConnectionArn: inRegion(bus.identity, d.connectionArn),
  InvocationEndpoint: d.endpoint,
  HttpMethod: d.httpMethod,
  // Always present: AWS answers its default, 300 per second, when none was given (API reference).
  InvocationRateLimitPerSecond: d.invocationRateLimitPerSecond ?? DEFAULT_INVOCATION_RATE,
});

const DEFAULT_INVOCATION_RATE = 300;

function CreateApiDestination(input: Input, bus: LocalBus): unknown {
  const name = requireName(input, 'Name');
  if (bus.apiDestinations.get(name)) throw alreadyExists(`An api-destination '${name}' already exists.`);
  const connection = requireString(input, 'ConnectionArn');
  const endpoint = requireString(input, 'InvocationEndpoint');
  const method = requireString(input, 'HttpMethod');
  checkConnection(bus, connection);
  checkEndpoint(endpoint);
  checkMethod(method);
  const rate = optionalNumber(input, 'InvocationRateLimitPerSecond');
  const description = optionalString(input, 'Description');
  const now = Date.now();
  const record: ApiDestinationRecord = {
    name,
    arn: apiDestinationArn(bus.identity, name, randomUUID()),
    ...(description ? { description } : {}),
    connectionArn: connection,
    endpoint,
    httpMethod: method,
    ...(rate !== undefined ? { invocationRateLimitPerSecond: rate } : {}),
    webhookSecrets: [],
    createdAt: now,
    modifiedAt: now,
  };
  bus.apiDestinations.put(record);
  return summary(bus, record);
}

function DescribeApiDestination(input: Input, bus: LocalBus): unknown {
  return full(bus, destinationOf(input, bus));
}

function ListApiDestinations(input: Input, bus: LocalBus): unknown {
  const prefix = optionalString(input, 'NamePrefix') ?? '';
  const connection = optionalString(input, 'ConnectionArn');
  const matching = bus.apiDestinations
    .list()
    .filter((d) => d.name.startsWith(prefix) && (!connection || sameResource(d.connectionArn, connection)));
  const { page, nextToken } = paginate(matching, input);
  return {
    ApiDestinations: page.map((d) => {
      const { Description: _d, ...rest } = full(bus, d);
      return rest;
    }),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

function UpdateApiDestination(input: Input, bus: LocalBus, caller: Caller = API_CALLER): unknown {
  const d = destinationOf(input, bus);
  const change = managedChange(d, input, caller, () => managedResource('API destination', d.name), true);
  const connection = optionalString(input, 'ConnectionArn');
  const endpoint = optionalString(input, 'InvocationEndpoint');
  const method = optionalString(input, 'HttpMethod');
  if (connection) checkConnection(bus, connection);
  if (endpoint) checkEndpoint(endpoint);
  if (method) checkMethod(method);
  const rate = optionalNumber(input, 'InvocationRateLimitPerSecond') ?? d.invocationRateLimitPerSecond;
  const description = optionalString(input, 'Description') ?? d.description;
  const updated: ApiDestinationRecord = {
    ...d,
    ...(description ? { description } : {}),
    connectionArn: connection ?? d.connectionArn,
    endpoint: endpoint ?? d.endpoint,
    httpMethod: method ?? d.httpMethod,
    ...(rate !== undefined ? { invocationRateLimitPerSecond: rate } : {}),
    modifiedAt: Date.now(),
  };
  bus.apiDestinations.put(updated);
  // Field names as the catalogue's install compares them (catalog/install-catalog-rules.ts).
  if (change === 'self-service')
    bus.catalogInstalls.recordSelfService('api-destination', d.name, {
      ...(input.Description !== undefined ? { description: updated.description } : {}),
      ...(endpoint ? { endpoint } : {}),
      ...(method ? { httpMethod: method } : {}),
      ...(input.InvocationRateLimitPerSecond !== undefined ? { invocationRateLimitPerSecond: rate } : {}),
    });
  return summary(bus, updated);
}

function DeleteApiDestination(input: Input, bus: LocalBus): unknown {
  const d = destinationOf(input, bus);
  if (d.managedBy && input.Force !== true) throw managedResource('API destination', d.name);
  bus.apiDestinations.delete(d.name);
  return {};
}

export const apiDestinationOperations = {
  CreateApiDestination,
  DescribeApiDestination,
  ListApiDestinations,
  UpdateApiDestination,
  DeleteApiDestination,
};
