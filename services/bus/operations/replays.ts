import {
  archiveNameFromArn,
  busNameFromArn,
  inRegion,
  replayArn,
  sameResource,
  type BusIdentity,
} from '../arns.ts';
import type { LocalBus } from '../local-bus.ts';
import type { ReplayRecord } from '../resources/replay-store.ts';
import { alreadyExists, AwsError, notFound, validationError } from '../server/aws-error.ts';
import {
  epochSeconds,
  optionalObject,
  optionalString,
  optionalTime,
  paginate,
  requireName,
  requireString,
  type Input,
} from './input.ts';

// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_StartReplay.html and siblings.

function replayOf(input: Input, bus: LocalBus): ReplayRecord {
  const name = requireName(input, 'ReplayName');
  const r = bus.replays.get(name);
  if (!r) throw notFound(`Replay ${name} does not exist.`);
  return r;
}

function summary(id: BusIdentity, r: ReplayRecord): Record<string, unknown> {
  return {
    ReplayName: r.name,
    EventSourceArn: inRegion(id, r.eventSourceArn),
    State: r.state,
    ...(r.stateReason ? { StateReason: r.stateReason } : {}),
    EventStartTime: epochSeconds(r.eventStartTime),
    EventEndTime: epochSeconds(r.eventEndTime),
    ...(r.eventLastReplayedTime !== undefined
      ? { EventLastReplayedTime: epochSeconds(r.eventLastReplayedTime) }
      : {}),
    ReplayStartTime: epochSeconds(r.replayStartTime),
    ...(r.replayEndTime !== undefined ? { ReplayEndTime: epochSeconds(r.replayEndTime) } : {}),
  };
}

function StartReplay(input: Input, bus: LocalBus): unknown {
  const name = requireName(input, 'ReplayName');
  if (bus.replays.get(name)) throw alreadyExists(`Replay ${name} already exists.`);
  const source = requireString(input, 'EventSourceArn');
  const archiveName = archiveNameFromArn(source);
  const archive = archiveName ? bus.archives.get(archiveName) : undefined;
  if (!archive) {
    throw validationError(
      `Parameter EventSourceArn is not valid. Reason: Archive ${archiveName ?? source} does not exist.`,
    );
  }
  // Required members (times, Destination.Arn) were checked against the service model already.
  const start = optionalTime(input, 'EventStartTime')!;
  const end = optionalTime(input, 'EventEndTime')!;
  if (end <= start)
    throw validationError(
      'Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.',
    );
  // An EventEndTime in the future is accepted, as AWS does: the replay runs until then (replay-runner.ts).
  const destination = optionalObject(input, 'Destination')!;
  const destArn = destination.Arn as string;
  const destBus = busNameFromArn(destArn);
  if (!destBus || !bus.buses.get(destBus)) throw notFound(`Event bus ${destBus ?? destArn} does not exist.`);
  // AWS replays only to the bus the archive was made from.
  if (destBus !== archive.bus) {
    throw validationError(
      'Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.',
    );
  }
  const filterArns = Array.isArray(destination?.FilterArns)
    ? (destination.FilterArns as string[])
    : undefined;
  const description = optionalString(input, 'Description');
  const now = Date.now();
  bus.replays.save({
    name,
    ...(description ? { description } : {}),
    archive: archive.name,
    eventSourceArn: source,
    destination: { Arn: destArn, ...(filterArns ? { FilterArns: filterArns } : {}) },
    eventStartTime: start,
    eventEndTime: end,
    state: 'STARTING',
    cursor: 0,
    replayStartTime: now,
  });
  bus.replayRunner.start(name);
  return { ReplayArn: replayArn(bus.identity, name), State: 'STARTING', ReplayStartTime: epochSeconds(now) };
}

function DescribeReplay(input: Input, bus: LocalBus): unknown {
  const r = replayOf(input, bus);
  return {
    ...summary(bus.identity, r),
    ReplayArn: replayArn(bus.identity, r.name),
    ...(r.description ? { Description: r.description } : {}),
    Destination: { ...r.destination, Arn: inRegion(bus.identity, r.destination.Arn) },
  };
}

function ListReplays(input: Input, bus: LocalBus): unknown {
  const prefix = optionalString(input, 'NamePrefix') ?? '';
  const state = optionalString(input, 'State');
  const source = optionalString(input, 'EventSourceArn');
  const matching = bus.replays
    .list()
    .filter(
      (r) =>
        r.name.startsWith(prefix) &&
        (!state || r.state === state) &&
        (!source || sameResource(r.eventSourceArn, source)),
    );
  const { page, nextToken } = paginate(matching, input);
  return {
    Replays: page.map((r) => summary(bus.identity, r)),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

function CancelReplay(input: Input, bus: LocalBus): unknown {
  const r = replayOf(input, bus);
  if (r.state !== 'STARTING' && r.state !== 'RUNNING') {
    throw new AwsError('IllegalStatusException', `Replay ${r.name} is ${r.state} and cannot be cancelled.`);
  }
  bus.replays.save({ ...r, state: 'CANCELLING' });
  bus.replayRunner.wake(r.name);
  return { ReplayArn: replayArn(bus.identity, r.name), State: 'CANCELLING' };
}

export const replayOperations = { StartReplay, DescribeReplay, ListReplays, CancelReplay };
