// Partners: what each fulfils in plain words beside the pattern generated from it, its
// environments (endpoint, how it authenticates, never a secret: credentials are named by the
// environment variable that holds them), retry policy, rate limit, and the pacts it is held to.
import type { AuthDeclaration, EnvironmentDeclaration, PartnerDeclaration } from '../../catalog/catalogue.ts';
import { ENVIRONMENTS } from '../../catalog/catalogue.ts';
import type { DocsModel, Pact } from '../docs-model.ts';
import { code, esc, partnerPage, type Page } from '../html.ts';

const words = (list: readonly string[], joiner = 'or'): string =>
  list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} ${joiner} ${list[list.length - 1]}`;

/** The `fulfils` filter read aloud (the routing rule of catalog/README.md). */
export function fulfilsInWords(p: PartnerDeclaration): string {
  const f = p.fulfils;
  const parts = [`requests for ${words(f.request_types)}`];
  if (f.countries) parts.push(`from ${words(f.countries)}`);
  if (f.currencies) parts.push(`in ${words(f.currencies)}`);
  if (f.amount) {
    const { min, max } = f.amount;
    parts.push(
      min !== undefined && max !== undefined
        ? `with an amount from ${min} to ${max}`
        : min !== undefined
          ? `with an amount of at least ${min}`
          : `with an amount of at most ${max}`,
    );
  }
  if (f.pattern) parts.push(`whose detail also matches ${JSON.stringify(f.pattern)}`);
  return `${p.name} receives every request addressed to it (<code>"3rdparty": "${esc(p.id)}"</code>), and unaddressed ${esc(parts.join(' '))}. A request without <code>environment</code> is a prod request.`;
}

function authInWords(auth: AuthDeclaration | undefined): string {
  if (!auth) return 'none';
  switch (auth.type) {
    case 'api_key':
      return `API key in header <code>${esc(auth.header)}</code> (value from <code>$${esc(auth.value.env)}</code>)`;
    case 'basic':
      return `HTTP basic (user from <code>$${esc(auth.username.env)}</code>, password from <code>$${esc(auth.password.env)}</code>)`;
    case 'oauth_client_credentials':
      return `OAuth client credentials from <code>${esc(auth.token_url)}</code>${auth.scope ? `, scope <code>${esc(auth.scope)}</code>` : ''} (client from <code>$${esc(auth.client_id.env)}</code>, secret from <code>$${esc(auth.client_secret.env)}</code>)`;
  }
}

function duration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

function environmentRow(p: PartnerDeclaration, name: string, env: EnvironmentDeclaration): string {
  const endpoint =
    p.delivery === 'poll'
      ? 'polls the Marketplace API'
      : env.endpoint
        ? `POST <code>${esc(env.endpoint)}</code>`
        : '';
  return `<tr><th scope="row">${esc(name)}</th><td>${endpoint}</td><td>${authInWords(env.auth)}</td>
<td>${env.retry.maximum_retry_attempts} retries within ${duration(env.retry.maximum_event_age_seconds)}, then the dead-letter queue</td>
<td>${env.rate_limit_per_second} / s</td></tr>`;
}

function pactSection(p: PartnerDeclaration, pacts: readonly Pact[]): string {
  const held = pacts.filter(
    (x) => (p.delivery === 'webhook' && x.provider === 'partner-webhook') || x.consumer === 'partner',
  );
  return held
    .map((x) => {
      const role =
        x.provider === 'partner-webhook'
          ? `${esc(p.name)} as the provider of its webhook`
          : `${esc(p.name)} as a consumer of the Marketplace API`;
      const verify =
        x.provider === 'partner-webhook'
          ? `<p>Verify with <code>npx portico verify-partner --base-url ${esc(p.environments.test.endpoint ?? '…')}</code>.</p>`
          : '';
      const rows = x.interactions
        .map(
          (i) =>
            `<li>${esc(i.description)}${i.state ? ` <span class="state">given ${esc(i.state)}</span>` : ''}${i.method ? ` <code>${esc(i.method)} ${esc(i.path)}</code>` : ''}</li>`,
        )
        .join('');
      return `<section><h3><code>contracts/pacts/${esc(x.file)}</code></h3><p>${role}: ${x.interactions.length} interactions.</p>${verify}<ul>${rows}</ul></section>`;
    })
    .join('\n');
}

export function partnersIndex(m: DocsModel): Page {
  const rows = m.partners
    .map(
      (p) =>
        `<tr><td><a href="${partnerPage(p.id)}">${esc(p.name)}</a></td><td><code>${esc(p.id)}</code></td><td>${esc(p.delivery)}</td><td>${esc(words(p.fulfils.request_types, 'and'))}</td></tr>`,
    )
    .join('\n');
  return {
    path: 'partners.html',
    title: 'Partners',
    body: `<h1>Partners</h1><table><caption>One file a partner in <code>catalog/partners/</code></caption>
<thead><tr><th scope="col">Partner</th><th scope="col">id</th><th scope="col">Delivery</th><th scope="col">Fulfils</th></tr></thead><tbody>${rows}</tbody></table>`,
  };
}

export function partnerPageOf(m: DocsModel, p: PartnerDeclaration): Page {
  const rules = m.model.rules.filter((r) => r.partner === p.id);
  const envs = ENVIRONMENTS.map((name) => environmentRow(p, name, p.environments[name])).join('\n');
  const patterns = rules
    .map(
      (r) =>
        `<section><h3><code>${esc(r.name)}</code> (${esc(r.environment)})</h3><p>${esc(r.description)}</p>${code(r.eventPattern)}</section>`,
    )
    .join('\n');
  const contact = Object.entries(p.contact)
    .map(([k, v]) => `${esc(k)}: ${esc(v)}`)
    .join(', ');
  return {
    path: partnerPage(p.id),
    title: p.name,
    body: `<h1>${esc(p.name)} <code>${esc(p.id)}</code></h1>
<p>Contact: ${contact}. Delivery: ${p.delivery === 'webhook' ? 'to the webhook it hosts (an API destination)' : 'it polls the Marketplace API (a queue of its own)'}.</p>
<div class="columns">
<section><h2>What it fulfils</h2><p>${fulfilsInWords(p)}</p>${code(p.fulfils)}</section>
<section><h2>Generated patterns</h2>${patterns}</section>
</div>
<section><h2>Environments</h2><table><caption>Where and how ${esc(p.name)} is delivered to</caption>
<thead><tr><th scope="col">Environment</th><th scope="col">Endpoint</th><th scope="col">Authentication</th><th scope="col">Retry policy</th><th scope="col">Rate limit</th></tr></thead>
<tbody>${envs}</tbody></table></section>
<section><h2>Pacts</h2>${pactSection(p, m.pacts)}</section>
<p><a href="route.html">Try an event against ${esc(p.name)}'s rules in the route explainer.</a></p>`,
  };
}
