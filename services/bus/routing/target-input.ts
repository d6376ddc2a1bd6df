import type { TargetRecord } from '../resources/rule-store.ts';
import { JsonNumber, readAsSent, writeAsSent } from './json-as-sent.ts';
import { parseJsonPath, selectPath } from './json-path.ts';
import { isJsonTemplate, minifyJson, placeholdersOf, type Placeholder } from './template-placeholders.ts';

export interface InputContext {
  /** The event as routed (numbers parsed); paths are read from `eventJson`, whose numbers keep their text. */
  event: Record<string, unknown>;
  eventJson: string;
  ruleArn: string;
  ruleName: string;
  /** ms since epoch, when the bus accepted the event. */
  ingestedAt: number;
}

/**
 * What the target receives, as text: the whole event, or `Input` (constant), `InputPath` (a part), or
 * `InputTransformer` (a template) — the four cases of
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
 * `undefined` means nothing is delivered (a JSON template that does not fill to valid JSON).
 */
export function targetInput(target: TargetRecord, ctx: InputContext): string | undefined {
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath !== undefined) {
    const selected = selectPath(readAsSent(ctx.eventJson), parseJsonPath(target.InputPath));
    return selected === undefined ? '' : writeAsSent(selected);
  }
  if (target.InputTransformer) return transformInput(target.InputTransformer, ctx);
  return ctx.eventJson;
}

/** The variables EventBridge defines itself ("Predefined variables" in the page above). */
export const RESERVED_VARIABLES: ReadonlySet<string> = new Set([
  'aws.events.rule-arn',
  'aws.events.rule-name',
  'aws.events.event',
  'aws.events.event.ingestion-time',
  'aws.events.event.json',
]);

const MISSING = Symbol('missing');

/**
 * Fills an InputTemplate as EventBridge does (User Guide, "Transforming target input", its example
 * table and "Common issues"; recorded answers of the service for the cases the guide leaves open):
 * - a placeholder outside quotes in a JSON template gets the value as JSON: a string arrives quoted
 *   (`{"detailType": <detail-type>}` → `{"detailType":"core.update-account-command"}`);
 * - inside quotes (and anywhere in a string template) a string is pasted as it is, not escaped ("EventBridge
 *   doesn't escape values extracted by Input Path"), a number, boolean or null as its JSON text, an object
 *   or array as JSON without its inner quotes (`{acc_id:0a787ecb-4015,sf_id:baz}`, `[ACTIVE,INACTIVE]`);
 * - a path that selects nothing is the empty string: `""` outside quotes in a JSON template, nothing inside;
 * - a JSON template's result is minified ("The JSON that is passed to the target is minified"); when it is
 *   not valid JSON the target receives nothing (`undefined`).
 */
export function transformInput(
  transformer: NonNullable<TargetRecord['InputTransformer']>,
  ctx: InputContext,
): string | undefined {
  const template = transformer.InputTemplate;
  const paths = transformer.InputPathsMap ?? {};
  let out = '';
  let from = 0;
  for (const p of placeholdersOf(template)) {
    const value = valueOf(p.name, paths, ctx);
    if (value === undefined) continue; // not a defined variable: left as written
    out += template.slice(from, p.start) + render(value, p);
    from = p.end;
  }
  out += template.slice(from);
  if (!isJsonTemplate(template)) return out;
  try {
    JSON.parse(out);
  } catch {
    return undefined;
  }
  return minifyJson(out);
}

function valueOf(name: string, paths: Record<string, string>, ctx: InputContext): unknown {
  switch (name) {
    case 'aws.events.rule-arn':
      return ctx.ruleArn;
    case 'aws.events.rule-name':
      return ctx.ruleName;
    case 'aws.events.event.ingestion-time':
      return isoSeconds(ctx.ingestedAt);
    case 'aws.events.event.json':
      return readAsSent(ctx.eventJson);
    case 'aws.events.event':
      return eventWithoutDetail(readAsSent(ctx.eventJson) as Record<string, unknown>);
  }
  if (!Object.hasOwn(paths, name)) return undefined;
  const selected = selectPath(readAsSent(ctx.eventJson), parseJsonPath(paths[name]!));
  return selected === undefined ? MISSING : selected;
}

function render(value: unknown, p: Placeholder): string {
  if (value === MISSING) return p.quoted ? '' : '""';
  if (!p.quoted) return writeAsSent(value);
  if (typeof value === 'string') return value;
  if (value instanceof JsonNumber) return value.text;
  if (value !== null && typeof value === 'object') return writeAsSent(value).replaceAll('"', '');
  return String(value);
}

/**
 * `<aws.events.event>`: the envelope without `detail`, `detail-type` written `detailType`, in the order
 * the service writes it (recorded: id, account, detailType, time, source, region, resources, version).
 */
function eventWithoutDetail(event: Record<string, unknown>): Record<string, unknown> {
  const { detail: _detail, 'detail-type': detailType, ...rest } = event;
  const ordered: Record<string, unknown> = {
    id: rest.id,
    account: rest.account,
    detailType,
    time: rest.time,
    source: rest.source,
    region: rest.region,
    resources: rest.resources,
    version: rest.version,
  };
  for (const [k, v] of Object.entries(rest)) if (!(k in ordered)) ordered[k] = v;
  return ordered;
}

/** EventBridge writes times to the second: 2015-11-11T21:29:54Z. */
const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
