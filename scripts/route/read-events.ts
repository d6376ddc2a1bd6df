// What `portico route --event` and the site's explainer accept: an EventBridge event as a rule sees
// it (`source`, `detail-type`, `detail`), or what a producer sends, PutEvents entries (`Source`,
// `DetailType`, `Detail` as a JSON string), one, a list, or `{"Entries": [...]}` as the AWS CLI's
// `--cli-input-json` has it. Entries become the event a rule sees (eb-events-structure). No Node
// imports: the site bundles this for the browser.

export type RoutedEvent = Record<string, unknown>;

/** Input that is not an event: `where` names the part (`entry 2: Detail`). */
export class EventInputError extends Error {
  override readonly name = 'EventInputError';
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function fromEntry(entry: Record<string, unknown>, where: string): RoutedEvent {
  for (const key of ['Source', 'DetailType', 'Detail'] as const) {
    if (typeof entry[key] !== 'string') throw new EventInputError(`${where}: ${key} must be a string`);
  }
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail as string);
  } catch (error) {
    throw new EventInputError(`${where}: Detail is not JSON: ${(error as Error).message}`);
  }
  if (!isObject(detail)) throw new EventInputError(`${where}: Detail must be a JSON object`);
  return {
    version: '0',
    'detail-type': entry.DetailType,
    source: entry.Source,
    resources: Array.isArray(entry.Resources) ? entry.Resources : [],
    detail,
  };
}

function fromValue(value: unknown, where: string): RoutedEvent {
  if (!isObject(value))
    throw new EventInputError(`${where}: expected an event or a PutEvents entry (a JSON object)`);
  if ('Source' in value || 'DetailType' in value || 'Detail' in value) return fromEntry(value, where);
  if (
    typeof value.source !== 'string' ||
    typeof value['detail-type'] !== 'string' ||
    !isObject(value.detail)
  ) {
    throw new EventInputError(
      `${where}: an event needs "source" and "detail-type" strings and a "detail" object (or PutEvents' Source, DetailType, Detail)`,
    );
  }
  return value;
}

/** The events in a JSON text, in order. Throws EventInputError saying what and where. */
export function readEvents(text: string): RoutedEvent[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new EventInputError(`the event is not JSON: ${(error as Error).message}`);
  }
  if (isObject(value) && Array.isArray(value.Entries)) value = value.Entries;
  if (!Array.isArray(value)) return [fromValue(value, 'event')];
  if (value.length === 0) throw new EventInputError('the list of entries is empty');
  return value.map((v, i) => fromValue(v, `entry ${i + 1}`));
}
