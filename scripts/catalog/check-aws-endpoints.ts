// What AWS can reach: an environment that is not `local_only` is deployed by the SAM template as an
// EventBridge API destination and connection, so its endpoint and OAuth token URL must be HTTPS
// (API destinations and connection authorization endpoints accept only https://) on a host AWS can
// reach from the internet: not loopback, private (RFC 1918, unique local, CGNAT), link-local or
// any other special-purpose address, and not a name that means this machine (`localhost`,
// RFC 6761 §6.3; `*.localhost`).
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-api-destinations.html
// A demo server on 127.0.0.1 belongs in an environment marked `local_only: true`, which the
// template leaves out and the local stack runs as it is.
import { classifyAddress } from '../../services/delivery/address-class.ts';
import type { EnvironmentName, PartnerEntry } from './catalogue.ts';
import { ENVIRONMENTS } from './catalogue.ts';
import type { Problem } from './problem.ts';
import { problemAt } from './source-file.ts';

export function checkAwsEndpoints(partner: PartnerEntry): Problem[] {
  const problems: Problem[] = [];
  for (const env of ENVIRONMENTS) {
    const declared = partner.declaration.environments[env];
    if (declared === undefined || declared.local_only === true) continue;
    const urls: [string, string | undefined][] = [[`/environments/${env}/endpoint`, declared.endpoint]];
    if (declared.auth?.type === 'oauth_client_credentials')
      urls.push([`/environments/${env}/auth/token_url`, declared.auth.token_url]);
    for (const [path, url] of urls) {
      const why = url === undefined ? undefined : unreachableFromAws(url);
      if (why !== undefined) problems.push(problemAt(partner.source, `#${path}`, message(env, why)));
    }
  }
  return problems;
}

function message(env: EnvironmentName, why: string): string {
  return `${why}, so the ${env} stack on AWS cannot use it; mark the environment \`local_only: true\` if only the local stack runs it`;
}

/** Why AWS cannot call this URL, or undefined when it can. */
export function unreachableFromAws(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `'${text}' is not a URL`;
  }
  if (url.protocol !== 'https:') return `'${text}' is not HTTPS, which EventBridge requires`;
  const host = url.hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return `'${text}' names this machine (${host})`;
  const literal = host.replace(/^\[|\]$/g, '');
  if (/^[0-9.]+$/.test(literal) || literal.includes(':')) {
    const { class: kind, range } = classifyAddress(literal);
    if (kind !== 'public') return `'${text}' is a ${range} address`;
  }
  return undefined;
}
