// The partner's own page: sign in with an API key, see this key's environment's deliveries and
// their attempts, resend one, send a test event, rotate the webhook secret. Everything goes through
// the public Marketplace API (/api), so it sees exactly what the key may see and nothing more.
import { h, render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import htm from 'htm';
import { fetchJson, when } from './fetch-json.ts';

const html = htm.bind(h);

interface Attempt {
  attempt: number;
  at: string;
  status_code: number | null;
  latency_ms: number;
  error_class: string | null;
  response_snippet: string | null;
  outcome: string;
}
interface Delivery {
  id: string;
  event_id: string;
  webhook_id: string;
  detail_type: string | null;
  request_id: string | null;
  status: string;
  created_at: string;
  next_attempt_at: string | null;
  attempts: Attempt[];
}
interface Partner {
  id: string;
  name: string;
  delivery: string;
  environments: Record<string, { endpoint?: string }>;
}

const KEY = 'portico.partner.key';

function SignIn({ onKey }: { onKey: (key: string) => void }) {
  const [key, setKey] = useState('');
  return html`<main>
    <section aria-labelledby="signin-h">
      <h2 id="signin-h">Sign in</h2>
      <form
        onSubmit=${(e: Event) => {
          e.preventDefault();
          onKey(key.trim());
        }}
      >
        <label for="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autocomplete="off"
          value=${key}
          onInput=${(e: Event) => setKey((e.target as HTMLInputElement).value)}
        />
        <button>Sign in</button>
      </form>
      <p class="muted">Your key decides what you see: your own deliveries, in its environment only.</p>
    </section>
  </main>`;
}

function Portal({ apiKey, signOut }: { apiKey: string; signOut: () => void }) {
  const [partner, setPartner] = useState<Partner | undefined>();
  const [deliveries, setDeliveries] = useState<Delivery[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [note, setNote] = useState('');
  const [secret, setSecret] = useState('');
  const [version, setVersion] = useState(0);
  const call = <T>(path: string, init: RequestInit = {}) =>
    fetchJson<T>(`/api${path}`, {
      ...init,
      headers: { 'x-api-key': apiKey, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    });
  useEffect(() => {
    call<Partner>('/partner').then(setPartner, (e: Error) => {
      setNote(e.message);
      if (e.message.startsWith('401')) signOut();
    });
  }, []);
  useEffect(() => {
    call<{ items: Delivery[]; next_cursor: string | null }>(
      `/partner/deliveries?limit=50${status ? `&status=${status}` : ''}`,
    ).then(
      (p) => {
        setDeliveries(p.items);
        setNext(p.next_cursor);
      },
      (e: Error) => setNote(e.message),
    );
  }, [status, version]);
  useEffect(() => {
    const t = setInterval(() => setVersion((v) => v + 1), 2000);
    return () => clearInterval(t);
  }, []);
  const more = async () => {
    const p = await call<{ items: Delivery[]; next_cursor: string | null }>(
      `/partner/deliveries?limit=50&cursor=${encodeURIComponent(next ?? '')}${status ? `&status=${status}` : ''}`,
    );
    setDeliveries([...deliveries, ...p.items]);
    setNext(p.next_cursor);
  };
  const act = async (what: string, path: string, body?: unknown) => {
    try {
      const r = await call<Record<string, unknown>>(path, {
        method: 'POST',
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      if (typeof r.secret === 'string') setSecret(r.secret);
      setNote(`${what}: done${r.id ? ` (${String(r.id)})` : ''}.`);
      setVersion((v) => v + 1);
    } catch (e) {
      setNote(`${what}: ${(e as Error).message}`);
    }
  };
  const env = apiKey.startsWith('pk_prod_')
    ? 'prod'
    : apiKey.startsWith('pk_test_')
      ? 'test'
      : (Object.keys(partner?.environments ?? {})[0] ?? '');
  return html`<main>
    <section aria-labelledby="me-h">
      <h2 id="me-h">${partner ? `${partner.name} (${partner.id})` : '…'} · ${env}</h2>
      <p>Endpoint: <code>${partner?.environments[env]?.endpoint ?? '(polls the Marketplace API)'}</code></p>
      <button onClick=${() => act('Test event', '/partner/test-event')}>Send a test event</button>
      <button
        onClick=${() => window.confirm('Rotate the webhook secret? The old one stays valid for one hour.') && act('Rotate secret', '/partner/webhook-secret/rotate', { grace_period_seconds: 3600 })}
      >
        Rotate webhook secret
      </button>
      <button onClick=${signOut}>Sign out</button>
      <p role="status">${note}</p>
      ${secret ? html`<p>New secret, shown once: <code id="new-secret">${secret}</code></p>` : ''}
    </section>
    <section aria-labelledby="dl-h">
      <h2 id="dl-h">Your deliveries</h2>
      <label
        >Status
        <select value=${status} onChange=${(e: Event) => setStatus((e.target as HTMLSelectElement).value)}>
          ${['', 'pending', 'in-flight', 'succeeded', 'failed', 'dead-lettered'].map((s) => html`<option value=${s}>${s || 'any'}</option>`)}
        </select></label
      >
      <table>
        <thead>
          <tr>
            <th>delivery</th>
            <th>created</th>
            <th>request</th>
            <th>status</th>
            <th>attempts</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${deliveries.map(
            (d) =>
              html`<tr
                class="partner-delivery"
                data-delivery-id=${d.id}
                data-request-id=${d.request_id ?? ''}
              >
                <td><code>${d.id}</code><br /><code class="muted">${d.webhook_id}</code></td>
                <td>${when(d.created_at)}</td>
                <td>${d.detail_type ?? ''}<br /><code>${d.request_id ?? ''}</code></td>
                <td>
                  ${d.status}${d.next_attempt_at ? html`<br /><span class="muted">next ${when(d.next_attempt_at)}</span>` : ''}
                </td>
                <td>
                  <ul>
                    ${d.attempts.map((a) => html`<li>#${a.attempt} ${when(a.at)} <b>${a.status_code ?? '—'}</b> ${a.latency_ms} ms ${a.error_class ?? ''} <code>${(a.response_snippet ?? '').slice(0, 80)}</code></li>`)}
                  </ul>
                </td>
                <td>
                  ${d.next_attempt_at ? '' : html`<button onClick=${() => act(`Resend ${d.id}`, `/partner/deliveries/${d.id}/resend`)} aria-label=${`Resend ${d.id}`}>Resend</button>`}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${next ? html`<button onClick=${more}>More</button>` : ''}
    </section>
  </main>`;
}

function App() {
  const [key, setKey] = useState(sessionStorage.getItem(KEY) ?? '');
  const signIn = (k: string) => {
    sessionStorage.setItem(KEY, k);
    setKey(k);
  };
  const signOut = () => {
    sessionStorage.removeItem(KEY);
    setKey('');
  };
  return key ? html`<${Portal} apiKey=${key} signOut=${signOut} />` : html`<${SignIn} onKey=${signIn} />`;
}

render(html`<${App} />`, document.getElementById('app')!);
