import { parsePattern, PatternError } from '../../pattern/index.ts';
import { invalidPattern } from '../server/aws-error.ts';

/** Validates an event pattern with the project's engine; its messages are AWS's ("Event pattern is not valid. Reason: ..."). */
export function checkPattern(pattern: string): void {
  try {
    parsePattern(pattern);
  } catch (error) {
    if (error instanceof PatternError) throw invalidPattern(error.message);
    throw error;
  }
}
