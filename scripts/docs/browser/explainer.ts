// The route explainer in the browser: the page's rules (the same list `portico route` uses) and the
// engine code of services/pattern, bundled by esbuild. Each table row carries its verdict in
// data attributes, so a test can compare it with `portico route --explain --json`.
import { EventInputError, readEvents } from '../../route/read-events.ts';
import { routeEvent, type RouteRule } from '../../route/route-event.ts';
import { reasons } from '../../route/route-table.ts';

interface Example {
  id: string;
  label: string;
  text: string;
}

const json = <T>(id: string): T => JSON.parse(document.getElementById(id)!.textContent ?? 'null') as T;

function cell(tag: 'td' | 'th', content: Node | string): HTMLElement {
  const el = document.createElement(tag);
  el.append(content);
  return el;
}

function explain(rules: readonly RouteRule[], text: string): void {
  const body = document.querySelector('#verdicts tbody')!;
  const status = document.getElementById('explain-status')!;
  body.replaceChildren();
  let events;
  try {
    events = readEvents(text);
  } catch (error) {
    if (!(error instanceof EventInputError)) throw error;
    status.textContent = error.message;
    status.className = 'error';
    document.body.dataset.explained = 'error';
    return;
  }
  const event = events[0]!;
  const verdicts = routeEvent(rules, event);
  const matched = verdicts.filter((v) => v.matches).length;
  status.className = '';
  status.textContent = `${String(event.source)} / ${String(event['detail-type'])}: ${matched} of ${verdicts.length} rules match${events.length > 1 ? ` (the first of ${events.length} entries)` : ''}.`;
  for (const v of verdicts) {
    const row = document.createElement('tr');
    row.dataset.rule = v.rule;
    row.dataset.matches = String(v.matches);
    row.className = v.matches ? 'match' : 'miss';
    const name = document.createElement('code');
    name.textContent = v.rule;
    const why = document.createElement('ul');
    for (const r of reasons(v).filter((x) => x !== '')) {
      const li = document.createElement('li');
      li.textContent = r;
      why.append(li);
    }
    row.append(cell('th', name), cell('td', v.matches ? 'match' : 'no match'), cell('td', why));
    row.firstElementChild!.setAttribute('scope', 'row');
    body.append(row);
  }
  document.body.dataset.explained = 'true';
}

function start(): void {
  const rules = json<RouteRule[]>('rules');
  const examples = json<Example[]>('examples');
  const select = document.getElementById('example') as HTMLSelectElement;
  const area = document.getElementById('event-text') as HTMLTextAreaElement;
  const pick = (id: string): void => {
    const x = examples.find((e) => e.id === id) ?? examples[0]!;
    select.value = x.id;
    area.value = x.text;
    explain(rules, area.value);
  };
  select.addEventListener('change', () => pick(select.value));
  document.getElementById('explainer')!.addEventListener('submit', (e) => {
    e.preventDefault();
    explain(rules, area.value);
  });
  const fromHash = /^#example=(.+)$/.exec(location.hash)?.[1];
  pick(fromHash ? decodeURIComponent(fromHash) : examples[0]!.id);
}

start();
