// The operator's console: live events and where they went, partners' delivery health, dead-letter
// queues with redrive, archives and replays, and the rules of each bus. It reads the inspection API
// (docs/console.md) that `portico events|deliveries|dlq` read, and refreshes on its server-sent events.
import { h, render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import htm from 'htm';
import { fetchJson, when } from './fetch-json.ts';

const html = htm.bind(h);

interface Delivery {
  id?: string;
  ruleArn: string;
  targetId: string;
  targetArn: string;
  status: string;
  attempts: number;
  lastErrorCode?: string;
}
interface EventView {
  seq: number;
  id: string;
  bus: string;
  ingestedAt: string;
  source: string;
  detailType: string;
  replayName?: string;
  deliveries?: Delivery[];
  event: { detail?: Record<string, unknown> };
}
interface Attempt {
  attempt: number;
  startedAt: number;
  latencyMs: number;
  outcome: string;
  status?: number;
  errorCode?: string;
  errorMessage?: string;
  responseSnippet?: string;
}
interface Stat {
  partner: string;
  environment: string;
  successRate: number | null;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  backlog: number;
  retrying: number;
  consecutiveFailures: number;
  state: 'retrying' | 'failing' | 'delivering' | 'ok' | 'idle';
  nextRetryAt: string | null;
  rateLimitPerSecond: number | null;
  lastError: null | { code: string | null; message: string | null; at: string };
}
interface Dlq {
  name: string;
  arn: string;
  messages: number;
}
interface DeadLetter {
  id: string;
  sentAt: string;
  deliveryId?: string;
  targetArn?: string;
  errorCode?: string;
  errorMessage?: string;
  exhaustedRetryCondition?: string;
  retryAttempts?: number;
}

const statusClass = (s: string) =>
  s === 'succeeded' ? 'ok' : s === 'failed' || s === 'dead-lettered' ? 'bad' : 'wait';
const partnerOf = (d: Delivery) => /rule\/[^/]+\/portico-(.+)-(prod|test)$/.exec(d.ruleArn)?.[1] ?? '';

/** A delivery's attempts; fetched again whenever its attempt count or state moves, so they stay live. */
function Attempts({ id, moved }: { id: string; moved: string }) {
  const [list, setList] = useState<Attempt[] | undefined>();
  useEffect(() => {
    fetchJson<{ attempts: Attempt[] }>(`/_portico/deliveries/${encodeURIComponent(id)}`).then(
      (r) => setList(r.attempts),
      () => setList([]),
    );
  }, [id, moved]);
  if (!list) return html`<span class="muted">loading…</span>`;
  if (list.length === 0) return html`<span class="muted">no attempt yet</span>`;
  return html`<table aria-label=${`attempts of ${id}`}>
    <thead>
      <tr>
        <th>#</th>
        <th>time</th>
        <th>status</th>
        <th>latency</th>
        <th>error</th>
        <th>response</th>
      </tr>
    </thead>
    <tbody>
      ${list.map(
        (a) =>
          html`<tr class="attempt">
            <td>${a.attempt}</td>
            <td>${when(a.startedAt)}</td>
            <td class=${a.outcome === 'succeeded' ? 'ok' : 'bad'}>${a.status ?? '—'}</td>
            <td>${a.latencyMs} ms</td>
            <td>${a.errorCode ?? ''} ${a.errorMessage ?? ''}</td>
            <td><code>${(a.responseSnippet ?? '').slice(0, 160)}</code></td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function DeliveryRow({ d }: { d: Delivery }) {
  const [open, setOpen] = useState(false);
  return html`<li class="delivery">
    <span class=${statusClass(d.status)}>${d.status}</span> → <b>${d.ruleArn.split('/').at(-1)}</b> :
    ${d.targetId} ${d.attempts > 0 ? ` (${d.attempts} attempt${d.attempts === 1 ? '' : 's'})` : ''}
    ${d.lastErrorCode ? html`<span class="bad">${d.lastErrorCode}</span>` : ''}
    ${d.id ? html` <button onClick=${() => setOpen(!open)} aria-expanded=${open}>${open ? 'Hide' : 'Attempts'}</button>${open ? html`<${Attempts} id=${d.id} moved=${`${d.attempts} ${d.status}`} />` : ''}` : ''}
  </li>`;
}

function Events({ version }: { version: number }) {
  const [events, setEvents] = useState<EventView[]>([]);
  const [filter, setFilter] = useState({ source: '', detailType: '', partner: '', status: '' });
  useEffect(() => {
    fetchJson<{ events: EventView[] }>('/_portico/events?limit=200').then(
      (r) => setEvents(r.events.reverse()),
      () => undefined,
    );
  }, [version]);
  const shown = events.filter(
    (e) =>
      (!filter.source || e.source.includes(filter.source)) &&
      (!filter.detailType || e.detailType.includes(filter.detailType)) &&
      (!filter.partner || (e.deliveries ?? []).some((d) => partnerOf(d).includes(filter.partner))) &&
      (!filter.status || (e.deliveries ?? []).some((d) => d.status === filter.status)),
  );
  const input = (key: keyof typeof filter, label: string) =>
    html`<label
      >${label}
      <input
        value=${filter[key]}
        onInput=${(ev: Event) => setFilter({ ...filter, [key]: (ev.target as HTMLInputElement).value })}
    /></label>`;
  return html`<section aria-labelledby="events-h">
    <h2 id="events-h">Events (live)</h2>
    <div>
      ${input('source', 'Source')}${input('detailType', 'Detail type')}${input('partner', 'Partner')}
      <label
        >Status
        <select
          value=${filter.status}
          onChange=${(ev: Event) => setFilter({ ...filter, status: (ev.target as HTMLSelectElement).value })}
        >
          ${['', 'pending', 'in-flight', 'succeeded', 'failed', 'dead-lettered'].map((s) => html`<option value=${s}>${s || 'any'}</option>`)}
        </select></label
      >
    </div>
    <table>
      <thead>
        <tr>
          <th>time</th>
          <th>bus</th>
          <th>source / detail-type</th>
          <th>where it went</th>
        </tr>
      </thead>
      <tbody>
        ${shown.slice(0, 100).map(
          (e) =>
            html`<tr class="event" data-event-id=${e.id}>
              <td>${when(e.ingestedAt)}</td>
              <td>${e.bus}</td>
              <td>
                ${e.source} / ${e.detailType}${e.replayName ? html` <i>(replay ${e.replayName})</i>` : ''}<br /><code
                  class="muted"
                  >${e.id}</code
                >
              </td>
              <td>
                ${
                  (e.deliveries ?? []).length === 0
                    ? html`<span class="muted">matched no rule</span>`
                    : html`<ul>
                        ${(e.deliveries ?? []).map((d) => html`<${DeliveryRow} d=${d} />`)}
                      </ul>`
                }
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

const stateClass = (s: Stat['state']) =>
  s === 'ok' ? 'ok' : s === 'failing' ? 'bad' : s === 'idle' ? 'muted' : 'wait';

/** The worker's own back-off state, in words: there is no circuit breaker (docs/console.md). */
function stateText(s: Stat): string {
  const failures =
    s.consecutiveFailures > 0
      ? `, ${s.consecutiveFailures} failed attempt${s.consecutiveFailures === 1 ? '' : 's'} in a row`
      : '';
  if (s.state === 'retrying') return `retrying: ${s.retrying} waiting for back-off${failures}`;
  if (s.state === 'failing') return `failing${failures}`;
  return s.state;
}

function Partners({ version }: { version: number }) {
  const [stats, setStats] = useState<Stat[]>([]);
  useEffect(() => {
    fetchJson<{ partners: Stat[] }>('/_portico/stats').then(
      (r) => setStats(r.partners),
      () => undefined,
    );
  }, [version]);
  const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10} %`);
  return html`<section aria-labelledby="partners-h">
    <h2 id="partners-h">Partners (last hour)</h2>
    <table>
      <thead>
        <tr>
          <th>partner</th>
          <th>env</th>
          <th>success</th>
          <th>p50</th>
          <th>p95</th>
          <th>backlog</th>
          <th>delivery state</th>
          <th>next retry</th>
          <th>rate limit</th>
          <th>last error</th>
        </tr>
      </thead>
      <tbody>
        ${stats.map(
          (s) =>
            html`<tr class="partner-stat" data-partner=${`${s.partner}/${s.environment}`}>
              <td>${s.partner}</td>
              <td>${s.environment}</td>
              <td>${pct(s.successRate)}</td>
              <td>${s.p50LatencyMs ?? '—'}</td>
              <td>${s.p95LatencyMs ?? '—'}</td>
              <td class="backlog">${s.backlog}</td>
              <td class=${`state ${stateClass(s.state)}`}>${stateText(s)}</td>
              <td>${when(s.nextRetryAt)}</td>
              <td>${s.rateLimitPerSecond ? `${s.rateLimitPerSecond}/s` : '—'}</td>
              <td class="bad">
                ${s.lastError ? `${s.lastError.code ?? ''} ${s.lastError.message ?? ''}` : ''}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

function DeadLetters({ version, refresh }: { version: number; refresh: () => void }) {
  const [queues, setQueues] = useState<(Dlq & { list: DeadLetter[] })[]>([]);
  const [note, setNote] = useState('');
  useEffect(() => {
    (async () => {
      const { queues: qs } = await fetchJson<{ queues: Dlq[] }>('/_portico/deliveries/dlq');
      setQueues(
        await Promise.all(
          qs.map(async (q) => ({
            ...q,
            list:
              q.messages > 0
                ? (
                    await fetchJson<{ messages: DeadLetter[] }>(
                      `/_portico/deliveries/dlq?queue=${encodeURIComponent(q.arn)}`,
                    )
                  ).messages
                : [],
          })),
        ),
      );
    })().catch(() => undefined);
  }, [version]);
  const redrive = async (what: string, body: unknown) => {
    if (!window.confirm(`Redrive ${what}? Each message is sent once more to its target.`)) return;
    const r = await fetchJson<{ redriven: unknown[]; skipped: unknown[] }>(
      '/_portico/deliveries/dlq/redrive',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    );
    setNote(`Redriven ${r.redriven.length}, skipped ${r.skipped.length}.`);
    refresh();
  };
  return html`<section aria-labelledby="dlq-h">
    <h2 id="dlq-h">Dead-letter queues</h2>
    <p role="status">${note}</p>
    ${queues.map(
      (q) =>
        html`<div class="dlq">
          <h3>
            ${q.name}
            <span class="muted">(${q.messages})</span>
            ${q.messages > 0 ? html`<button onClick=${() => redrive(`all ${q.messages} of ${q.name}`, { queue: q.arn, all: true })}>Redrive all</button>` : ''}
          </h3>
          <table>
            <thead>
              <tr>
                <th>message</th>
                <th>sent</th>
                <th>delivery</th>
                <th>ERROR_CODE</th>
                <th>ERROR_MESSAGE</th>
                <th>EXHAUSTED_RETRY_CONDITION</th>
                <th>RETRY_ATTEMPTS</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              ${q.list.map(
                (m) =>
                  html`<tr class="dead-letter">
                    <td><code>${m.id}</code></td>
                    <td>${when(m.sentAt)}</td>
                    <td>${m.deliveryId ?? ''}</td>
                    <td>${m.errorCode ?? ''}</td>
                    <td>${m.errorMessage ?? ''}</td>
                    <td>${m.exhaustedRetryCondition ?? ''}</td>
                    <td>${m.retryAttempts ?? ''}</td>
                    <td>
                      <button
                        onClick=${() => redrive(`message ${m.id}`, { queue: q.arn, messageIds: [m.id] })}
                      >
                        Redrive
                      </button>
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>`,
    )}
  </section>`;
}

interface Archive {
  name: string;
  bus: string;
  count: number;
  retentionDays: number;
}
interface Replay {
  name: string;
  archive: string;
  state: string;
  progress: number;
  from: string;
  to: string;
  stateReason?: string;
}

function Archives({ version, refresh }: { version: number; refresh: () => void }) {
  const [data, setData] = useState<{ archives: Archive[]; replays: Replay[] }>({ archives: [], replays: [] });
  const [form, setForm] = useState({ archive: '', from: '', to: '' });
  const [note, setNote] = useState('');
  useEffect(() => {
    fetchJson<typeof data>('/_portico/archives').then(setData, () => undefined);
  }, [version]);
  const start = async (ev: Event) => {
    ev.preventDefault();
    try {
      await fetchJson('/_portico/archives/replay', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          archive: form.archive || data.archives[0]?.name,
          from: new Date(form.from).toISOString(),
          to: new Date(form.to).toISOString(),
        }),
      });
      setNote('Replay started.');
    } catch (e) {
      setNote((e as Error).message);
    }
    refresh();
  };
  const field = (key: 'from' | 'to', label: string) =>
    html`<label
      >${label}
      <input
        type="datetime-local"
        step="1"
        value=${form[key]}
        onInput=${(e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value })}
    /></label>`;
  return html`<section aria-labelledby="arch-h">
    <h2 id="arch-h">Archives and replays</h2>
    <ul>
      ${data.archives.map((a) => html`<li>${a.name} (${a.bus}): ${a.count} events, retention ${a.retentionDays || '∞'} days</li>`)}
    </ul>
    ${
      data.archives.length > 0
        ? html`<form onSubmit=${start}>
            <label
              >Archive
              <select
                value=${form.archive}
                onChange=${(e: Event) => setForm({ ...form, archive: (e.target as HTMLSelectElement).value })}
              >
                ${data.archives.map((a) => html`<option>${a.name}</option>`)}
              </select></label
            >${field('from', 'From')}${field('to', 'To')}<button>Start replay</button>
            <span role="status">${note}</span>
          </form>`
        : html`<p class="muted">No archive yet.</p>`
    }
    <table>
      <thead>
        <tr>
          <th>replay</th>
          <th>archive</th>
          <th>window</th>
          <th>state</th>
          <th>progress</th>
        </tr>
      </thead>
      <tbody>
        ${data.replays.map(
          (r) =>
            html`<tr class="replay" data-replay=${r.name}>
              <td>${r.name}</td>
              <td>${r.archive}</td>
              <td>${when(r.from)} – ${when(r.to)}</td>
              <td class="replay-state">${r.state} ${r.stateReason ?? ''}</td>
              <td><progress max="1" value=${r.progress} aria-label=${`progress of ${r.name}`}></progress></td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

interface BusRules {
  bus: string;
  rules: {
    name: string;
    state: string;
    catalogueManaged: boolean;
    targets: { id: string; arn: string; deadLetterArn?: string }[];
  }[];
}

function Rules({ version }: { version: number }) {
  const [buses, setBuses] = useState<BusRules[]>([]);
  useEffect(() => {
    fetchJson<{ buses: BusRules[] }>('/_portico/rules').then(
      (r) => setBuses(r.buses),
      () => undefined,
    );
  }, [version]);
  return html`<section aria-labelledby="rules-h">
    <h2 id="rules-h">Rules and targets</h2>
    ${buses.map(
      (b) =>
        html`<h3>${b.bus}</h3>
          <table>
            <thead>
              <tr>
                <th>rule</th>
                <th>state</th>
                <th>managed</th>
                <th>targets</th>
              </tr>
            </thead>
            <tbody>
              ${b.rules.map(
                (r) =>
                  html`<tr class="rule" data-bus=${b.bus} data-rule=${r.name}>
                    <td>${r.name}</td>
                    <td>${r.state}</td>
                    <td class="managed">
                      ${r.catalogueManaged ? 'catalogue (edit catalog/, not the API)' : 'API'}
                    </td>
                    <td>
                      ${r.targets.map((t) => html`<div class="target" data-target-id=${t.id}><b>${t.id}</b> <code>${t.arn}</code>${t.deadLetterArn ? html` <span class="muted">DLQ ${t.deadLetterArn.split(':').at(-1)}</span>` : ''}</div>`)}
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`,
    )}
  </section>`;
}

function App() {
  const [version, setVersion] = useState(0);
  const [live, setLive] = useState(false);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  useEffect(() => {
    const source = new EventSource('/_portico/stream');
    source.addEventListener('change', refresh);
    source.onopen = () => setLive(true);
    source.onerror = () => setLive(false);
    return () => source.close();
  }, []);
  return html`<main>
    <p role="status" class="muted">
      ${live ? 'Live: updates as events and deliveries change.' : 'Connecting…'}
    </p>
    <${Events} version=${version} /><${Partners} version=${version} /><${DeadLetters}
      version=${version}
      refresh=${refresh}
    />
    <${Archives} version=${version} refresh=${refresh} /><${Rules} version=${version} />
  </main>`;
}

render(html`<${App} />`, document.getElementById('app')!);
