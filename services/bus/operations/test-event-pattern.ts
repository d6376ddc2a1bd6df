import { RuleMachine } from '../../pattern/index.ts';
import { jsonObjectKeys } from '../json-object-keys.ts';
import type { LocalBus } from '../local-bus.ts';
import { validationError } from '../server/aws-error.ts';
import { checkPattern } from './check-pattern.ts';
import { requireString, type Input } from './input.ts';

/**
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TestEventPattern.html
 * AWS requires the event to be a JSON object carrying the envelope fields below (`resources` is documented
 * as required but is not enforced by AWS) and answers "Parameter Event is not valid." otherwise.
 */
const ENVELOPE_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'] as const;

function TestEventPattern(input: Input, _bus: LocalBus): unknown {
  const pattern = requireString(input, 'EventPattern');
  const eventText = requireString(input, 'Event');
  checkPattern(pattern);
  // The event is checked, not built: the machine reads the fields the pattern names from the text, and
  // JSON.parse of a wide event (500 KB of 37,000 keys) cost ~30 ms for an object nobody read. Nesting past
  // the documented depth is refused here too, before the matcher walks it.
  const keys = jsonObjectKeys(eventText);
  if (keys === undefined || ENVELOPE_FIELDS.some((f) => !keys.has(f)))
    throw validationError('Parameter Event is not valid.');
  // The compiled machine that routes PutEvents, not the reference matcher: the oracle tries every
  // assignment of leaves to conditions and grows exponentially with an event's array sizes.
  const machine = new RuleMachine();
  machine.add('pattern', pattern);
  return { Result: machine.match(eventText).length > 0 };
}

export const testEventPatternOperations = { TestEventPattern };
