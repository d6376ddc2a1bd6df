// The limits the bus enforces before it does any work on a request, each as AWS documents it. A request
// past one is refused with AWS's error type and a message naming the limit, never half-processed.

/**
 * One PutEvents entry, computed as AWS documents it
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html).
 */
export const MAX_ENTRY_BYTES = 256 * 1024;

/**
 * "PutEvents will only process nested JSON up to 1000 levels deep" (PutEvents API reference). The same
 * depth bounds patterns and TestEventPattern's event: it is Jackson's default
 * `StreamReadConstraints.getMaxNestingDepth()`, the parser behind EventBridge's pattern errors.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * "For the JSON number (integer) data type, the constraints are: a minimum value of
 * -9,223,372,036,854,775,808 and a maximum value of 9,223,372,036,854,775,807" (PutEvents API reference).
 */
export const MIN_JSON_INTEGER = -(2n ** 63n);
export const MAX_JSON_INTEGER = 2n ** 63n - 1n;

/**
 * An event pattern's length: the service model's `EventPattern` shape has `max: 4096`; the account quota
 * "Event pattern size" is 2,048 characters by default, adjustable to that 4,096
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html). Portico allows the ceiling.
 */
export const MAX_EVENT_PATTERN_CHARS = 4096;

/**
 * An event's `time` is written as ISO 8601 to the second with a four-digit year
 * (https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html), so a `Time` must fall
 * in years 0000..9999 (JavaScript's Date alone would throw past ±8.64e15 ms and write `+010000` before).
 */
export const MIN_EVENT_TIME_MS = Date.parse('0000-01-01T00:00:00Z');
export const MAX_EVENT_TIME_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** Whether `ms` (epoch milliseconds) is a time the bus can write as AWS does. */
export function isEventTime(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_EVENT_TIME_MS && ms <= MAX_EVENT_TIME_MS;
}

/**
 * The largest request body the bus reads. AWS's largest legitimate request is a PutEvents of 256 KB of
 * entries (eb-putevent-size; past it: ValidationException "Total size of the entries in the request is over
 * the limit."). On the wire, JSON 1.1 escapes every `"` and `\` of a Detail a second time, so those 256 KB
 * can take up to twice the bytes; 512 KiB admits every request AWS accepts. The next largest, PutTargets at
 * the quota of 5 targets per rule (eb-quota) with Input and InputTemplate at their 8,192-character `max`,
 * is under 200 KB. Bounding the body bounds the parse and validation work of one request.
 */
export const MAX_REQUEST_BODY_BYTES = 512 * 1024;

/**
 * Portico's own bound, not AWS's: the JSON values (objects, arrays and the members between commas) one
 * request may hold. The body limit alone admits 170,000 empty objects in 512 KiB, whose decoding and
 * model checks held the loop for over half a second; the largest request the service model's `max` values
 * describe (PutTargets: 100 targets, each with its 100 input paths) holds about 11,000.
 */
export const MAX_REQUEST_JSON_VALUES = 20_000;
