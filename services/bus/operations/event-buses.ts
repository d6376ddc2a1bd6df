import { busArn, busNameOf } from '../arns.ts';
import type { LocalBus } from '../local-bus.ts';
import type { EventBusRecord } from '../resources/event-bus-store.ts';
import { alreadyExists, managedResource, notFound, validationError } from '../server/aws-error.ts';
import { epochSeconds, optionalString, paginate, requireString, type Input } from './input.ts';

// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html and siblings.

function describe(bus: LocalBus, b: EventBusRecord): Record<string, unknown> {
  return {
    Name: b.name,
    Arn: busArn(bus.identity, b.name),
    ...(b.description ? { Description: b.description } : {}),
    ...(bus.policies.get(b.name) ? { Policy: bus.policies.get(b.name) } : {}),
    CreationTime: epochSeconds(b.createdAt),
    LastModifiedTime: epochSeconds(b.modifiedAt),
  };
}

function CreateEventBus(input: Input, bus: LocalBus): unknown {
  const name = requireString(input, 'Name');
  if (name === 'default') throw validationError('The event bus name default is reserved.');
  if (!/^[/.\-_A-Za-z0-9]{1,256}$/.test(name)) {
    throw validationError(
      `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+`,
    );
  }
  if (bus.buses.get(name)) throw alreadyExists(`Event bus ${name} already exists.`);
  const description = optionalString(input, 'Description');
  const created = bus.buses.create(name, description);
  return {
    EventBusArn: busArn(bus.identity, created.name),
    ...(description ? { Description: description } : {}),
  };
}

function DescribeEventBus(input: Input, bus: LocalBus): unknown {
  const name = busNameOf(optionalString(input, 'Name'));
  const found = bus.buses.get(name);
  if (!found) throw notFound(`Event bus ${name} does not exist.`);
  return describe(bus, found);
}

function ListEventBuses(input: Input, bus: LocalBus): unknown {
  const prefix = optionalString(input, 'NamePrefix') ?? '';
  const { page, nextToken } = paginate(
    bus.buses.list().filter((b) => b.name.startsWith(prefix)),
    input,
  );
  return { EventBuses: page.map((b) => describe(bus, b)), ...(nextToken ? { NextToken: nextToken } : {}) };
}

/** Deleting a bus that does not exist succeeds, as on AWS; its rules go with it. */
function DeleteEventBus(input: Input, bus: LocalBus): unknown {
  const name = busNameOf(requireString(input, 'Name'));
  if (name === 'default') throw validationError('Cannot delete event bus default.');
  // A bus holding the catalogue's rules is the catalogue's: the portal and the Marketplace API put on it.
  if (input.Force !== true && bus.rules.list(name).some((r) => r.managedBy))
    throw managedResource('Event bus', name);
  bus.db.transaction(() => {
    bus.rules.deleteBus(name);
    bus.buses.delete(name);
  })();
  return {};
}

export const eventBusOperations = { CreateEventBus, DescribeEventBus, ListEventBuses, DeleteEventBus };
