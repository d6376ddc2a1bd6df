import { parsePattern, PatternError } from '../../pattern/index.ts';
import { MAX_EVENT_PATTERN_CHARS } from '../limits.ts';
import { invalidPattern, validationError } from '../server/aws-error.ts';

/**
 * Validates an event pattern with the project's engine; its messages are AWS's ("Event pattern is not
 * valid. Reason: ..."). The length is checked first: compiling is bounded by it, so no pattern can hold
 * the event loop (a 2.9 MB pattern once took 25 s to compile, and again at every start).
 */
export function checkPattern(pattern: string): void {
  if (pattern.length > MAX_EVENT_PATTERN_CHARS) {
    throw validationError(
      `1 validation error detected: Value at 'eventPattern' failed to satisfy constraint: Member must have length less than or equal to ${MAX_EVENT_PATTERN_CHARS}`,
    );
  }
  try {
    parsePattern(pattern);
  } catch (error) {
    if (error instanceof PatternError) throw invalidPattern(error.message);
    throw error;
  }
}
