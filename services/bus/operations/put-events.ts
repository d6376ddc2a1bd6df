import { entrySize } from '../entry-size.ts';
import { putEvents } from '../ingest.ts';
import { MAX_ENTRY_BYTES } from '../limits.ts';
import type { LocalBus } from '../local-bus.ts';
import { validationError } from '../server/aws-error.ts';
import type { Input } from './input.ts';

/**
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html. The service model's
 * checks (1 to 10 entries, member types) ran before this (validation/validate-request.ts).
 */
async function PutEvents(input: Input, bus: LocalBus): Promise<unknown> {
  const entries = input.Entries as unknown[];
  // "The total size of all events in a PutEvents request must be less than 256 KB" (eb-putevent-size);
  // past it the whole request is refused, whatever the entries (recorded answer, HTTP 400).
  const total = entries.reduce((n: number, e) => n + entrySize(e), 0);
  if (total > MAX_ENTRY_BYTES)
    throw validationError('Total size of the entries in the request is over the limit.');
  const results = await putEvents(bus, entries);
  return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
}

export const putEventsOperations = { PutEvents };
