// Events that producers send today, checked against the head schema: the catalogue's own examples
// of the base revision (the legacy walkthrough's event is one) and the bus's example events
// (services/bus/examples, what `aws events put-events --entries file://…` sends). An example that the
// head schema rejects at the changed field is a producer the change breaks (BACKWARD).
import type { ErrorObject } from 'ajv';
import type { EventDefinition } from '../catalog/catalogue.ts';
import type { SchemaValidator } from '../catalog/schema-validator.ts';
import { messageExamples } from './event-changes.ts';
import type { Side } from './load-side.ts';

export interface BrokenExample {
  readonly event: string;
  /** Where the field is, as a schema path (`request_types`, `[]`, …). */
  readonly path: readonly string[];
  readonly line: string;
}

/** Every base example of every event, validated against the head schema of the same message. */
export function brokenExamples(base: Side, head: Side, validator: SchemaValidator): BrokenExample[] {
  const out: BrokenExample[] = [];
  const asyncapiFile = base.catalogue.asyncapi?.file ?? 'catalog/asyncapi.yaml';
  for (const before of base.catalogue.events) {
    const after = head.catalogue.events.find((e) => e.name === before.name);
    if (after === undefined) continue;
    const sources: { label: string; value: unknown }[] = [
      ...messageExamples(base.catalogue.asyncapi?.data, before.name).map((e) => ({
        label: `example '${e.name}' of ${before.name} (${asyncapiFile}#/components/messages/${before.name}/examples/${e.index})`,
        value: e.payload,
      })),
      ...base.busExamples
        .filter((e) => e.source === before.source && e.detailType === before.detailType)
        .map((e) => ({
          label: `bus example ${e.file} [${e.index}] (as the legacy producer puts it)`,
          value: e.detail,
        })),
    ];
    for (const { label, value } of sources) {
      // An example that was already invalid is `validate`'s business, not this change's.
      if (!validator.accepts(before.schema, value)) continue;
      for (const error of validator.errors(after.schema, value)) {
        out.push({
          event: before.name,
          path: errorPath(error),
          line: `${label} is no longer valid: ${describe(error, after)}`,
        });
      }
    }
  }
  return out;
}

/** The schema path an Ajv error is about: `/request_types/0` → `request_types`, `[]`. */
export function errorPath(error: ErrorObject): string[] {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => (/^\d+$/.test(s) ? '[]' : s.replace(/~1/g, '/').replace(/~0/g, '~')));
  const params = error.params as Record<string, unknown>;
  if (typeof params.missingProperty === 'string') segments.push(params.missingProperty);
  if (typeof params.additionalProperty === 'string') segments.push(params.additionalProperty);
  return segments;
}

function describe(error: ErrorObject, event: EventDefinition): string {
  const params = error.params as Record<string, unknown>;
  const at =
    error.instancePath === ''
      ? event.schemaId
      : `${event.schemaId}${error.instancePath.replace(/\//g, '.').replace(/\.(\d+)/g, '[$1]')}`;
  if (typeof params.additionalProperty === 'string')
    return `${at} has '${params.additionalProperty}', which the schema no longer allows`;
  if (typeof params.missingProperty === 'string') return `${at} lacks required '${params.missingProperty}'`;
  if (Array.isArray(params.allowedValues))
    return `${at} ${error.message ?? 'is invalid'} (${params.allowedValues.join(', ')})`;
  return `${at} ${error.message ?? 'is invalid'}`;
}

/** `a` starts with `b`: a broken example at `documents[].kind` is about a change at `documents`. */
export function pathWithin(a: readonly string[], b: readonly string[]): boolean {
  return b.length <= a.length && b.every((s, i) => a[i] === s);
}
