// The pacts of a revision that mention what a change touches: an HTTP interaction whose response
// carries a removed property, a message interaction (or the partner webhook's request, which
// carries the whole event) whose event has the field or the value. Consumers verified these pacts;
// a change to what they name breaks that verification.
import type { PactFile } from './load-side.ts';

type Obj = Record<string, unknown>;

export interface PactMention {
  readonly file: string;
  readonly line: string;
}

/** Interactions of `METHOD path-template` answering `status` whose response body has `field`. */
export function responseMentions(
  pacts: readonly PactFile[],
  target: { method: string; path: string; status?: string },
  field: readonly string[],
): PactMention[] {
  const template = new RegExp(
    `^${target.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`,
  );
  const out: PactMention[] = [];
  for (const pact of pacts) {
    for (const i of interactions(pact)) {
      const request = i.request as Obj | undefined;
      const response = i.response as Obj | undefined;
      if (request === undefined || response === undefined) continue;
      if (String(request.method).toUpperCase() !== target.method) continue;
      if (!template.test(String(request.path))) continue;
      if (target.status !== undefined && String(response.status) !== target.status) continue;
      const found = valuesAt(bodyOf(response), field);
      if (found.length === 0) continue;
      out.push({
        file: pact.file,
        line: `${who(pact)}: "${String(i.description)}" expects ${field.join('.').replace(/\.\[\]/g, '[]')}`,
      });
    }
  }
  return out;
}

/** Interactions carrying a `detailType` event whose detail has `field` (equal to `value`, if given). */
export function eventMentions(
  pacts: readonly PactFile[],
  detailType: string,
  field: readonly string[],
  value?: unknown,
): PactMention[] {
  const out: PactMention[] = [];
  for (const pact of pacts) {
    for (const i of interactions(pact)) {
      let detail: unknown;
      const contents = i.contents as Obj | undefined;
      if (contents !== undefined && String(i.description).includes(`"${detailType}"`))
        detail = contents.content;
      const body = bodyOf(i.request as Obj | undefined) as Obj | undefined;
      if (body !== undefined && body['detail-type'] === detailType) detail = body.detail;
      if (detail === undefined) continue;
      let found = valuesAt(detail, field);
      if (value !== undefined) found = found.filter((v) => JSON.stringify(v) === JSON.stringify(value));
      if (found.length === 0) continue;
      const shown = field.join('.').replace(/\.\[\]/g, '[]');
      out.push({
        file: pact.file,
        line: `${who(pact)}: "${String(i.description)}" ${value === undefined ? `carries ${shown}` : `has ${shown} = ${JSON.stringify(value)}`}`,
      });
    }
  }
  return out;
}

function interactions(pact: PactFile): Obj[] {
  const list = pact.data.interactions ?? pact.data.messages;
  return Array.isArray(list) ? (list as Obj[]) : [];
}

function who(pact: PactFile): string {
  const name = (x: unknown) => String((x as Obj | undefined)?.name ?? '?');
  return `pact ${pact.file} (consumer ${name(pact.data.consumer)}, provider ${name(pact.data.provider)})`;
}

/** Pact V4 bodies are `{ content, contentType, encoded }`; V2/V3 bodies are the content itself. */
function bodyOf(part: Obj | undefined): unknown {
  const body = part?.body as Obj | undefined;
  if (body !== undefined && body !== null && typeof body === 'object' && 'content' in body)
    return body.content;
  return body;
}

/** Every value found at a schema path (`[]` steps into each array element). */
export function valuesAt(value: unknown, path: readonly string[]): unknown[] {
  if (path.length === 0) return [value];
  const [head, ...rest] = path;
  if (head === '[]') return Array.isArray(value) ? value.flatMap((v) => valuesAt(v, rest)) : [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const obj = value as Obj;
  if (!((head as string) in obj)) return [];
  return valuesAt(obj[head as string], rest);
}
