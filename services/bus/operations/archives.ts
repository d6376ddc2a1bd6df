import { archiveArn, busArn, busNameFromArn } from '../arns.ts';
import type { LocalBus } from '../local-bus.ts';
import type { ArchiveRecord } from '../resources/archive-store.ts';
import { alreadyExists, notFound, validationError } from '../server/aws-error.ts';
import { checkPattern } from './check-pattern.ts';
import {
  epochSeconds,
  optionalNumber,
  optionalString,
  paginate,
  requireName,
  requireString,
  type Input,
} from './input.ts';

// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateArchive.html and siblings.

function archiveOf(input: Input, bus: LocalBus): ArchiveRecord {
  const name = requireName(input, 'ArchiveName', 48);
  const a = bus.archives.get(name);
  if (!a) throw notFound(`Archive ${name} does not exist.`);
  return a;
}

function retention(input: Input): number | undefined {
  const days = optionalNumber(input, 'RetentionDays');
  if (days !== undefined && (!Number.isInteger(days) || days < 0)) {
    throw validationError(
      'RetentionDays must be a whole number of days, 0 or more (0 keeps events forever).',
    );
  }
  return days;
}

function describe(bus: LocalBus, a: ArchiveRecord, withDetail: boolean): Record<string, unknown> {
  const { count, bytes } = bus.archives.stats(a.name);
  return {
    ArchiveName: a.name,
    ...(withDetail ? { ArchiveArn: archiveArn(bus.identity, a.name) } : {}),
    EventSourceArn: busArn(bus.identity, a.bus),
    ...(withDetail && a.description ? { Description: a.description } : {}),
    ...(withDetail && a.eventPattern ? { EventPattern: a.eventPattern } : {}),
    State: 'ENABLED',
    RetentionDays: a.retentionDays,
    SizeBytes: bytes,
    EventCount: count,
    CreationTime: epochSeconds(a.createdAt),
  };
}

function CreateArchive(input: Input, bus: LocalBus): unknown {
  const name = requireName(input, 'ArchiveName', 48);
  if (bus.archives.get(name)) throw alreadyExists(`Archive ${name} already exists.`);
  const source = requireString(input, 'EventSourceArn');
  const busName = busNameFromArn(source);
  if (!busName || !bus.buses.get(busName)) throw notFound(`Event bus ${busName ?? source} does not exist.`);
  const eventPattern = optionalString(input, 'EventPattern');
  if (eventPattern) checkPattern(eventPattern);
  const description = optionalString(input, 'Description');
  const createdAt = Date.now();
  bus.archives.put({
    name,
    bus: busName,
    ...(description ? { description } : {}),
    ...(eventPattern ? { eventPattern } : {}),
    retentionDays: retention(input) ?? 0,
    createdAt,
  });
  return {
    ArchiveArn: archiveArn(bus.identity, name),
    State: 'ENABLED',
    CreationTime: epochSeconds(createdAt),
  };
}

function DescribeArchive(input: Input, bus: LocalBus): unknown {
  return describe(bus, archiveOf(input, bus), true);
}

function ListArchives(input: Input, bus: LocalBus): unknown {
  const prefix = optionalString(input, 'NamePrefix') ?? '';
  const source = optionalString(input, 'EventSourceArn');
  const sourceBus = source ? busNameFromArn(source) : undefined;
  // Recorded answer: an EventSourceArn naming a bus that does not exist is an error, not an empty list.
  if (source && (!sourceBus || !bus.buses.get(sourceBus)))
    throw notFound(`Event bus ${sourceBus ?? source} does not exist.`);
  const matching = bus.archives
    .list()
    .filter((a) => a.name.startsWith(prefix) && (!source || a.bus === sourceBus));
  const { page, nextToken } = paginate(matching, input);
  return {
    Archives: page.map((a) => describe(bus, a, false)),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

function UpdateArchive(input: Input, bus: LocalBus): unknown {
  if (input.EventPattern == null && input.RetentionDays == null && input.Description == null) {
    throw validationError('At least one of EventPattern, RetentionDays or Description must be provided.');
  }
  const a = archiveOf(input, bus);
  const eventPattern = optionalString(input, 'EventPattern');
  if (eventPattern) checkPattern(eventPattern);
  const description = optionalString(input, 'Description') ?? a.description;
  const updated: ArchiveRecord = {
    ...a,
    ...(description ? { description } : {}),
    ...(eventPattern ? { eventPattern } : {}),
    retentionDays: retention(input) ?? a.retentionDays,
  };
  bus.archives.put(updated);
  return {
    ArchiveArn: archiveArn(bus.identity, a.name),
    State: 'ENABLED',
    CreationTime: epochSeconds(a.createdAt),
  };
}

function DeleteArchive(input: Input, bus: LocalBus): unknown {
  bus.archives.delete(archiveOf(input, bus).name);
  return {};
}

export const archiveOperations = {
  CreateArchive,
  DescribeArchive,
  ListArchives,
  UpdateArchive,
  DeleteArchive,
};
