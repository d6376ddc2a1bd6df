import { MAX_JSON_DEPTH, MAX_REQUEST_JSON_VALUES } from '../limits.ts';
import { AwsError } from './aws-error.ts';
import { jsonStringEnd } from '../json-string-end.ts';

/**
 * Refuses a request body nested deeper than MAX_JSON_DEPTH or holding more than MAX_REQUEST_JSON_VALUES
 * values, in one linear pass before JSON.parse (whose cost grows steeply with depth: ~100 ms for 200,000
 * levels) and before the model's checks walk the value. Strings are skipped whole, so a Detail or an
 * EventPattern (JSON text inside a string) counts as one value.
 */
export function checkRequestJsonBounds(text: string): void {
  let depth = 0;
  let values = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) i = jsonStringEnd(text, i);
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      values++;
      if (++depth > MAX_JSON_DEPTH)
        throw new AwsError(
          'SerializationException',
          `The request nests deeper than ${MAX_JSON_DEPTH} levels.`,
        );
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
    else if (c === 44 /* , */ && ++values > MAX_REQUEST_JSON_VALUES)
      throw new AwsError(
        'SerializationException',
        `The request holds more than ${MAX_REQUEST_JSON_VALUES} JSON values.`,
      );
  }
}
