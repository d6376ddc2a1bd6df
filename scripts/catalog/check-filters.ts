// Every partner filter names fields the request-created event's detail schema has, with values of
// the types and enums it allows; the raw `pattern` fragment is a valid EventBridge pattern, names
// only fields of the schema and leaves the routing rule's own fields alone.
import { PatternError, parsePattern } from '../../services/pattern/index.ts';
import { FILTER_FIELDS, ROUTING_FIELDS } from '../generate/routing-pattern.ts';
import type { EventDefinition, JsonSchema, PartnerEntry } from './catalogue.ts';
import { describe } from './load-partners.ts';
import { toPointer, type Problem } from './problem.ts';
import type { SchemaValidator } from './schema-validator.ts';
import { problemAt } from './source-file.ts';
import { elementSchema, propertyOf, typeOf } from './witness.ts';

type Obj = Record<string, unknown>;

export function checkFilter(
  partner: PartnerEntry,
  event: EventDefinition,
  validator: SchemaValidator,
): Problem[] {
  const { source, declaration } = partner;
  const fulfils = declaration.fulfils;
  const problems: Problem[] = [];
  const at = (segments: (string | number)[], message: string, key = false) =>
    problems.push(problemAt(source, toPointer(['fulfils', ...segments]), message, { key }));

  const values: [keyof typeof FILTER_FIELDS, string, unknown[] | undefined][] = [
    ['request_types', 'request type', fulfils.request_types],
    ['countries', 'country', fulfils.countries],
    ['currencies', 'currency', fulfils.currencies],
  ];
  for (const [key, noun, list] of values) {
    if (list === undefined) continue;
    const field = FILTER_FIELDS[key];
    const fieldSchema = fieldOf(event.schema, field);
    if (fieldSchema === undefined) {
      at([key], `filters on '${field}', which ${event.schemaId} does not have`, true);
      continue;
    }
    const valueSchema = elementSchema(fieldSchema);
    list.forEach((value, i) => {
      const errors = validator.errors(valueSchema, value);
      const first = errors[0];
      if (first === undefined) return;
      const allowed = valueSchema.enum as unknown[] | undefined;
      at(
        [key, i],
        allowed && first.keyword === 'enum'
          ? `${noun} ${JSON.stringify(value)} is not one of ${event.schemaId}.${field}'s values (${allowed.join(', ')})`
          : `${noun} ${JSON.stringify(value)} is not a valid ${event.schemaId}.${field}: ${describe(first)}`,
      );
    });
  }

  if (fulfils.amount !== undefined) {
    const fieldSchema = fieldOf(event.schema, FILTER_FIELDS.amount);
    const { min, max } = fulfils.amount;
    if (fieldSchema === undefined) {
      at(['amount'], `filters on '${FILTER_FIELDS.amount}', which ${event.schemaId} does not have`, true);
    } else if (!['number', 'integer'].includes(typeOf(fieldSchema) ?? '')) {
      at(['amount'], `${event.schemaId}.${FILTER_FIELDS.amount} is not a number, so it has no bounds`, true);
    } else if (min !== undefined && max !== undefined && min > max) {
      at(['amount', 'min'], `amount min ${min} is greater than max ${max}`);
    }
  }

  if (fulfils.pattern !== undefined) problems.push(...checkFragment(partner, event, validator));
  return problems;
}

function checkFragment(partner: PartnerEntry, event: EventDefinition, validator: SchemaValidator): Problem[] {
  const { source } = partner;
  const fragment = partner.declaration.fulfils.pattern as Obj;
  const base = ['fulfils', 'pattern'];
  try {
    parsePattern({ detail: fragment });
  } catch (error) {
    if (!(error instanceof PatternError)) throw error;
    return [problemAt(source, toPointer(base), error.message)];
  }
  const problems: Problem[] = [];
  for (const key of Object.keys(fragment)) {
    if ((ROUTING_FIELDS as readonly string[]).includes(key)) {
      problems.push(
        problemAt(
          source,
          toPointer([...base, key]),
          `pattern may not set '${key}': the routing rule sets it`,
          {
            key: true,
          },
        ),
      );
    }
  }
  walkFragment(fragment, event.schema, [], (path, schema, matchers) => {
    if (schema === undefined) {
      const field = path.filter((s) => typeof s === 'string' && s !== '$or').join('.');
      problems.push(
        problemAt(
          source,
          toPointer([...base, ...path]),
          `filters on '${field}', which ${event.schemaId} does not have`,
          {
            key: true,
          },
        ),
      );
      return;
    }
    matchers?.forEach((m, i) => {
      if (m !== null && typeof m === 'object') return; // content filters: checked by the witness
      const first = validator.errors(elementSchema(schema), m)[0];
      if (first) {
        const field = path.filter((s) => typeof s === 'string' && s !== '$or').join('.');
        const message = `value ${JSON.stringify(m)} can never match ${event.schemaId}.${field}: ${describe(first)}`;
        problems.push(problemAt(source, toPointer([...base, ...path, i]), message));
      }
    });
  });
  return problems;
}

/** Visits every field a pattern fragment names, with its schema (undefined when it has none). */
function walkFragment(
  fragment: Obj,
  schema: JsonSchema,
  path: (string | number)[],
  visit: (path: (string | number)[], schema: JsonSchema | undefined, matchers?: unknown[]) => void,
): void {
  for (const [key, value] of Object.entries(fragment)) {
    if (key === '$or' && Array.isArray(value)) {
      value.forEach((alt, i) => walkFragment(alt as Obj, schema, [...path, key, i], visit));
      continue;
    }
    const fieldSchema = fieldOf(schema, key);
    if (fieldSchema === undefined) {
      visit([...path, key], undefined);
    } else if (Array.isArray(value)) {
      visit([...path, key], fieldSchema, value);
    } else if (value !== null && typeof value === 'object') {
      walkFragment(value as Obj, elementSchema(fieldSchema), [...path, key], visit);
    }
  }
}

/** The schema of a property, or undefined when the object schema does not declare it. */
function fieldOf(schema: JsonSchema, key: string): JsonSchema | undefined {
  const props = schema.properties as Obj | undefined;
  if (props === undefined || !(key in props)) return undefined;
  return propertyOf(schema, key);
}
