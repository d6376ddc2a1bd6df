// The events list and one page an event: EventBridge source and detail-type, producers and
// consumers, the rules that hear it, the schema tree, the examples and the generated TypeScript type.
import type { DocsEvent, DocsModel } from '../docs-model.ts';
import { code, esc, eventPage, type Page } from '../html.ts';
import { renderSchema, type FieldEntry } from '../render-schema.ts';
import { rulesHearing } from '../rules-hearing.ts';

export function eventsIndex(m: DocsModel): Page {
  const rows = m.events
    .map(
      (e) =>
        `<tr><td><a href="${eventPage(e.def.name)}">${esc(e.title)}</a></td><td><code>${esc(e.def.source)}</code></td><td><code>${esc(e.def.detailType)}</code></td><td>${esc(e.summary)}</td></tr>`,
    )
    .join('\n');
  return {
    path: 'events.html',
    title: 'Events',
    body: `<h1>Events on the <code>${esc(m.model.bus)}</code> bus</h1>
<table><caption>Each event's EventBridge source and detail-type</caption>
<thead><tr><th scope="col">Event</th><th scope="col">source</th><th scope="col">detail-type</th><th scope="col">Summary</th></tr></thead>
<tbody>${rows}</tbody></table>`,
  };
}

const ops = (list: DocsEvent['producers']): string =>
  list.length === 0
    ? '<p>None declared.</p>'
    : `<ul>${list.map((o) => `<li>${esc(o.title)} <code>${esc(o.id)}</code></li>`).join('')}</ul>`;

export function eventPageOf(m: DocsModel, e: DocsEvent): { page: Page; fields: FieldEntry[] } {
  const schema = renderSchema(e.def.schema);
  const rules = rulesHearing(m.rules, e.def);
  const examples = e.examples
    .map(
      (
        x,
      ) => `<section class="example"><h3>${esc(x.name)}</h3>${x.summary ? `<p>${esc(x.summary)}</p>` : ''}${code(x.detail)}
<p><a href="route.html#example=${encodeURIComponent(`${e.def.name}/${x.name}`)}">Who gets this event, and why not?</a></p></section>`,
    )
    .join('\n');
  const body = `<h1>${esc(e.title)}</h1>
<p class="lead">${esc(e.summary)}</p>
${e.description ? `<p>${esc(e.description)}</p>` : ''}
<dl class="facts">
<dt>EventBridge source</dt><dd><code>${esc(e.def.source)}</code></dd>
<dt>detail-type</dt><dd><code>${esc(e.def.detailType)}</code></dd>
<dt>Schema</dt><dd><code>${esc(e.def.schemaId)}</code> (<code>${esc(e.def.pointer)}</code>)</dd>
</dl>
<div class="columns">
<section><h2>Producers</h2>${ops(e.producers)}</section>
<section><h2>Consumers</h2>${ops(e.consumers)}</section>
</div>
<section><h2>Rules that hear it</h2>
${rules.length === 0 ? '<p>No rule on the bus names this source and detail-type.</p>' : `<ul>${rules.map((r) => `<li><code>${esc(r.name)}</code>: ${esc(r.description)}</li>`).join('')}</ul>`}
</section>
<section><h2>The <code>detail</code></h2>${schema.html}</section>
<section><h2>Examples</h2>${examples || '<p>None.</p>'}</section>
<section><h2>TypeScript type</h2><p>From <code>generated/types/events.ts</code>:</p><pre><code>${esc(e.typeScript)}</code></pre></section>`;
  return { page: { path: eventPage(e.def.name), title: e.title, body }, fields: schema.fields };
}
