// The site's search index: events, their fields (by the path a rule pattern names), partners and
// API operations, shipped as a script (assets/search-index.js) so search works from file:// too.
import type { DocsModel } from './docs-model.ts';
import { eventPage, fieldAnchor, partnerPage } from './html.ts';
import type { FieldEntry } from './render-schema.ts';
import type { OperationEntry } from './pages/api-pages.ts';

export interface SearchEntry {
  readonly kind: string;
  readonly title: string;
  readonly text: string;
  readonly href: string;
}

export function searchIndex(
  m: DocsModel,
  fields: ReadonlyMap<string, readonly FieldEntry[]>,
  operations: readonly OperationEntry[],
): SearchEntry[] {
  return [
    ...m.events.map((e) => ({
      kind: 'event',
      title: e.title,
      text: `${e.def.name} ${e.def.source} ${e.def.detailType} ${e.summary}`,
      href: eventPage(e.def.name),
    })),
    ...m.events.flatMap((e) =>
      (fields.get(e.def.name) ?? []).map((f) => ({
        kind: `field of ${e.title}`,
        title: f.path,
        text: f.description,
        href: `${eventPage(e.def.name)}#${fieldAnchor(f.path)}`,
      })),
    ),
    ...m.partners.map((p) => ({
      kind: 'partner',
      title: p.name,
      text: `${p.id} ${p.fulfils.request_types.join(' ')}`,
      href: partnerPage(p.id),
    })),
    ...operations.map((o) => ({
      kind: `operation of ${o.api.name}`,
      title: `${o.method} ${o.path}`,
      text: `${o.operationId} ${o.summary}`,
      href: o.href,
    })),
  ];
}

export const searchIndexScript = (entries: readonly SearchEntry[]): string =>
  `window.PORTICO_SEARCH = ${JSON.stringify(entries).replace(/</g, '\\u003c')};\n`;
