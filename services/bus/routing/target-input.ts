import type { TargetRecord } from '../resources/rule-store.ts';
import { parseJsonPath, selectPath } from './json-path.ts';

export interface InputContext {
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
 */
export function targetInput(target: TargetRecord, ctx: InputContext): string {
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath !== undefined) {
    const selected = selectPath(ctx.event, parseJsonPath(target.InputPath));
    return selected === undefined ? '' : JSON.stringify(selected);
  }
  if (target.InputTransformer) return transformInput(target.InputTransformer, ctx);
  return ctx.eventJson;
}

const RESERVED = /<(aws\.events\.[a-z.-]+|[A-Za-z0-9_.-]+)>/g;

/**
 * InputTemplate substitution. Values are inserted as JSON text, except that strings are inserted without
 * their quotes (the template supplies them, e.g. `"user <user>"`), escaped when the template is JSON so
 * the result stays valid JSON. A path that selects nothing becomes `null` outside quotes, empty inside.
 * Reserved variables: aws.events.rule-arn, aws.events.rule-name, aws.events.event.ingestion-time,
 * aws.events.event (the event without `detail`) and aws.events.event.json (the whole event).
 */
export function transformInput(
  transformer: NonNullable<TargetRecord['InputTransformer']>,
  ctx: InputContext,
): string {
  const template = transformer.InputTemplate;
  const values = new Map<string, unknown>();
  for (const [key, path] of Object.entries(transformer.InputPathsMap ?? {})) {
    values.set(key, selectPath(ctx.event, parseJsonPath(path)));
  }
  const jsonTemplate = /^\s*[[{"]/.test(template);
  return template.replace(RESERVED, (whole, key: string, offset: number) => {
    const quoted = jsonTemplate && (template.slice(0, offset).match(/(?<!\\)"/g)?.length ?? 0) % 2 === 1;
    switch (key) {
      case 'aws.events.rule-arn':
        return ctx.ruleArn;
      case 'aws.events.rule-name':
        return ctx.ruleName;
      case 'aws.events.event.ingestion-time':
        return new Date(ctx.ingestedAt).toISOString();
      case 'aws.events.event.json':
        return ctx.eventJson;
      case 'aws.events.event': {
        const { detail: _detail, ...rest } = ctx.event;
        return JSON.stringify(rest);
      }
    }
    if (!values.has(key)) return whole;
    const value = values.get(key);
    if (value === undefined) return quoted ? '' : 'null';
    if (typeof value === 'string') return jsonTemplate ? JSON.stringify(value).slice(1, -1) : value;
    return JSON.stringify(value);
  });
}
