// An event read with its numbers' text kept (the pattern engine's reader: JsonNumber holds the text) and
// written back with that text, so that InputPath and InputTransformer hand targets the numbers that were
// sent: JSON.parse then JSON.stringify writes 9007199254740993 as 9007199254740992 and 1.50 as 1.5.
import { JsonNumber, parseJsonText, type JsonValue } from '../../pattern/json-text.ts';

export { JsonNumber, type JsonValue };

let lastText: string | undefined;
let lastValue: JsonValue | undefined;

/**
 * The event JSON as a tree whose numbers keep their text. The last one is remembered: every target of
 * every rule an event matches reads the same text, one after the other.
 */
export function readAsSent(text: string): JsonValue {
  if (text !== lastText) {
    try {
      lastValue = parseJsonText(text);
    } catch {
      // Only a Detail at exactly the 1,000-level limit, one level deeper inside its envelope, gets here;
      // its numbers are then those JSON.parse reads.
      lastValue = JSON.parse(text) as JsonValue;
    }
    lastText = text;
  }
  return lastValue!;
}

/**
 * JSON text of a value from readAsSent: numbers as they were written, everything else as JSON.stringify
 * writes it. Recursion is bounded by the 1,000 levels an event may nest (limits.ts MAX_JSON_DEPTH).
 */
export function writeAsSent(value: unknown): string {
  if (value instanceof JsonNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map((v) => writeAsSent(v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${writeAsSent(v)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}
