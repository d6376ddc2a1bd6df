import { putEvents } from '../ingest.ts';
import type { LocalBus } from '../local-bus.ts';
import { validationError } from '../server/aws-error.ts';
import type { Input } from './input.ts';

/** https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html */
async function PutEvents(input: Input, bus: LocalBus): Promise<unknown> {
  const entries = input.Entries;
  if (!Array.isArray(entries) || entries.length === 0) {
    throw validationError(
      "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null",
    );
  }
  if (entries.length > 10) {
    throw validationError(
      `1 validation error detected: Value '[${entries.length} entries]' at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10`,
    );
  }
  const results = await putEvents(bus, entries);
  return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
}

export const putEventsOperations = { PutEvents };
