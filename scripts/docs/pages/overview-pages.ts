// The overview, the flows page and the route explainer's page.
import type { DocsModel } from '../docs-model.ts';
import { esc, eventPage, scriptJson, type Page } from '../html.ts';
import type { RoutedEvent } from '../../route/read-events.ts';

export function overviewPage(m: DocsModel): Page {
  return {
    path: 'index.html',
    title: 'Overview',
    body: `<h1>${esc(m.title)}</h1>
<p class="lead">${esc(m.description)}</p>
<ul class="cards">
<li><a href="events.html"><strong>${m.events.length} events</strong></a> on the <code>${esc(m.model.bus)}</code> bus, each with its schema, examples, producers and consumers.</li>
<li><a href="apis.html"><strong>${m.apis.length} APIs</strong></a>: ${m.apis.map((a) => `<code>${esc(a.file)}</code>`).join(' and ')}.</li>
<li><a href="partners.html"><strong>${m.partners.length} partners</strong></a>, ${m.model.rules.length} routing rules generated from what they fulfil.</li>
<li><a href="flows.html"><strong>Flows A and B</strong></a>: a request to the partners, and their status back.</li>
<li><a href="route.html"><strong>Route explainer</strong></a>: paste an event, see which partners get it and, for every other one, why not.</li>
</ul>`,
  };
}

export function flowsPage(svgA: string, svgB: string): Page {
  return {
    path: 'flows.html',
    title: 'Flows',
    body: `<h1>Flows</h1>
<section><h2>Flow A: a user's request to the partners</h2>
<p>The user portal puts a <code>marketplace requests</code> event; each partner's rule (one per environment) matches the requests it should get and delivers them to the partner's webhook, retried by the rule's policy, or to a queue the partner polls.</p>
<div class="diagram">${svgA}</div></section>
<section><h2>Flow B: a partner's status back</h2>
<p>A partner posts a status to the Marketplace API, which puts a <code>request status changed</code> event; rules deliver it to the request store, the user portal and the notifier.</p>
<div class="diagram">${svgB}</div></section>
<p>Laid out by elkjs from the catalogue's AsyncAPI operations (tags <code>flow-a</code>, <code>flow-b</code>) and its rules.</p>`,
  };
}

export interface ExplainerExample {
  readonly id: string;
  readonly label: string;
  readonly text: string;
}

/** The examples the page offers: the walkthrough's PutEvents entry as sent, then every catalogue example as an event. */
export function explainerExamples(m: DocsModel, walkthrough: string): ExplainerExample[] {
  return [
    { id: 'walkthrough', label: "The walkthrough's legacy event (PutEvents entries)", text: walkthrough },
    ...m.events.flatMap((e) =>
      e.examples.map((x) => {
        const event: RoutedEvent = {
          version: '0',
          'detail-type': e.def.detailType,
          source: e.def.source,
          resources: [],
          detail: x.detail,
        };
        return {
          id: `${e.def.name}/${x.name}`,
          label: `${e.title}: ${x.name}`,
          text: `${JSON.stringify(event, null, 2)}\n`,
        };
      }),
    ),
  ];
}

export function routePage(m: DocsModel, examples: readonly ExplainerExample[]): Page {
  const options = examples.map((x) => `<option value="${esc(x.id)}">${esc(x.label)}</option>`).join('');
  return {
    path: 'route.html',
    title: 'Route explainer',
    scripts: ['assets/explainer.js'],
    body: `<h1>Route explainer</h1>
<p>Which rules does an event match, and for each one it does not, why? The verdicts are computed here, in the page, by Portico's EventBridge pattern engine, the same code as <code>portico route --event FILE --explain</code>. Paste an event (as a rule sees it, or PutEvents entries as a producer sends them) or pick an example.</p>
<form id="explainer">
<p><label for="example">Example</label> <select id="example">${options}</select></p>
<p><label for="event-text">Event</label><br><textarea id="event-text" rows="14" cols="80" spellcheck="false"></textarea></p>
<p><button type="submit">Explain</button></p>
</form>
<p id="explain-status" role="status"></p>
<table id="verdicts"><caption>Every rule on the <code>${esc(m.model.bus)}</code> bus</caption>
<thead><tr><th scope="col">Rule</th><th scope="col">Verdict</th><th scope="col">Why</th></tr></thead><tbody></tbody></table>
<script type="application/json" id="rules">${scriptJson(m.rules)}</script>
<script type="application/json" id="examples">${scriptJson(examples)}</script>
<p>Events are described on their pages: ${m.events.map((e) => `<a href="${eventPage(e.def.name)}">${esc(e.title)}</a>`).join(', ')}.</p>`,
  };
}
