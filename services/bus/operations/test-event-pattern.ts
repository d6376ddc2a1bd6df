import { RuleMachine } from '../../pattern/index.ts';
import { nestsTooDeep } from '../detail-text.ts';
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
  let event: unknown;
  try {
    event = JSON.parse(eventText);
  } catch {
    throw validationError('Parameter Event is not valid.');
  }
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    throw validationError('Parameter Event is not valid.');
  }
  // Nesting past the documented depth is refused before the matcher walks it (it recurses per level).
  if (nestsTooDeep(eventText)) throw validationError('Parameter Event is not valid.');
  const missing = ENVELOPE_FIELDS.filter((f) => !(f in event));
  if (missing.length > 0) throw validationError('Parameter Event is not valid.');
  // The compiled machine that routes PutEvents, not the reference matcher: the oracle tries every
  // assignment of leaves to conditions and grows exponentially with an event's array sizes.
  const machine = new RuleMachine();
  machine.add('pattern', pattern);
  return { Result: machine.match(eventText).length > 0 };
}

export const testEventPatternOperations = { TestEventPattern };
