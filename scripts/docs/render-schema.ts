// An event's `detail` schema as a readable tree (JSON Schema 2020-12 keywords as AsyncAPI 3 uses
// them): each field with its type, format, enum, bounds, whether it is required, and its
// description; nested objects and array items indented under their field. Each field has an anchor
// (`detail.<path>`, the path a rule pattern names) that search links to.
import type { JsonSchema } from '../catalog/catalogue.ts';
import { esc, fieldAnchor } from './html.ts';

export interface FieldEntry {
  readonly path: string;
  readonly description: string;
}

type Obj = Record<string, unknown>;

function typeOf(s: JsonSchema): string {
  if (Array.isArray(s.type)) return s.type.join(' | ');
  if (typeof s.type === 'string') {
    if (s.type === 'array') {
      const items = (s.items ?? {}) as JsonSchema;
      return `array of ${typeOf(items) || 'any'}`;
    }
    return s.type;
  }
  if (s.const !== undefined) return `const ${JSON.stringify(s.const)}`;
  if (s.enum) return 'enum';
  for (const k of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(s[k])) return (s[k] as JsonSchema[]).map(typeOf).join(' | ');
  }
  return '';
}

const FACTS: ReadonlyArray<[string, string]> = [
  ['format', 'format'],
  ['pattern', 'pattern'],
  ['minLength', 'min length'],
  ['maxLength', 'max length'],
  ['minimum', 'minimum'],
  ['maximum', 'maximum'],
  ['exclusiveMinimum', 'above'],
  ['exclusiveMaximum', 'below'],
  ['minItems', 'min items'],
  ['maxItems', 'max items'],
  ['default', 'default'],
];

function facts(s: JsonSchema): string {
  const own = s.type === 'array' ? { ...((s.items ?? {}) as Obj), ...s } : s;
  const out = FACTS.filter(([k]) => own[k] !== undefined).map(
    ([k, label]) =>
      `<span class="fact">${esc(label)} <code>${esc(typeof own[k] === 'string' ? own[k] : JSON.stringify(own[k]))}</code></span>`,
  );
  const values = (own.enum ?? ((own.items as Obj | undefined)?.enum as unknown)) as unknown[] | undefined;
  if (Array.isArray(values)) {
    out.push(
      `<span class="fact">one of ${values.map((v) => `<code>${esc(JSON.stringify(v))}</code>`).join(' ')}</span>`,
    );
  }
  return out.join(' ');
}

function children(s: JsonSchema): JsonSchema | undefined {
  if (s.properties) return s;
  const items = s.items as JsonSchema | undefined;
  if (items?.properties) return items;
  return undefined;
}

function tree(s: JsonSchema, path: string, depth: number, fields: FieldEntry[]): string {
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((s.required ?? []) as string[]);
  const items = Object.entries(props).map(([name, raw]) => {
    const child = raw ?? {};
    const at = `${path}.${name}`;
    const description = typeof child.description === 'string' ? child.description : '';
    fields.push({ path: at, description });
    const nested = children(child);
    return `<li id="${fieldAnchor(at)}">
<div class="field"><code class="name">${esc(name)}</code> <span class="type">${esc(typeOf(child))}</span>${required.has(name) ? ' <span class="required">required</span>' : ''} ${facts(child)}</div>
${description ? `<p class="description">${esc(description)}</p>` : ''}
${nested && depth < 8 ? tree(nested, at, depth + 1, fields) : ''}
</li>`;
  });
  return items.length > 0 ? `<ul class="schema">${items.join('\n')}</ul>` : '';
}

/** The tree's HTML and the fields it showed (for search), paths starting at `detail`. */
export function renderSchema(schema: JsonSchema): { html: string; fields: FieldEntry[] } {
  const fields: FieldEntry[] = [];
  const extra =
    schema.additionalProperties === false ? '' : '<p class="note">Other fields are allowed beside these.</p>';
  return { html: `${tree(schema, 'detail', 0, fields)}${extra}`, fields };
}
