// The Rust verifier's JSON result (`pactffi_verifier_json`) turned into what a partner needs to
// read: which interaction failed and why, in the partner's terms ("your endpoint accepted a
// request signed with another secret") rather than the verifier's ("expected 403 but was 200").
import { BAD_SIGNATURE_STATE, SIGNED_STATE } from './partner-webhook-interactions.ts';

export interface InteractionOutcome {
  readonly description: string;
  readonly ok: boolean;
  readonly reasons: readonly string[];
}

export interface VerificationReport {
  readonly ok: boolean;
  readonly interactions: readonly InteractionOutcome[];
  /** Why the verification could not run at all (no pact file, no endpoint, …). */
  readonly problems: readonly string[];
}

interface Mismatch {
  type?: string;
  mismatch?: string;
  message?: string;
  expected?: unknown;
  actual?: unknown;
  path?: string;
  key?: string;
}

interface VerifierJson {
  result?: boolean;
  errors?: {
    interaction?: string;
    mismatch?: { type?: string; message?: string; mismatches?: Mismatch[] };
  }[];
  interactionResults?: { description?: string; result?: string }[];
}

export function readVerification(raw: unknown, networkErrors: readonly string[] = []): VerificationReport {
  let json: VerifierJson;
  try {
    json = (typeof raw === 'string' ? JSON.parse(raw) : raw) as VerifierJson;
  } catch {
    return { ok: false, interactions: [], problems: [String(raw)] };
  }
  const problems = [...new Set(networkErrors)].map((e) => `Could not reach your endpoint: ${e}.`);
  const results = json.interactionResults ?? [];
  const interactions = results.map((r): InteractionOutcome => {
    const description = String(r.description);
    const errors = (json.errors ?? []).filter((e) => e.interaction?.endsWith(` - ${description}`));
    const reasons = errors.flatMap((e) => {
      const state = e.interaction?.includes(`Given ${BAD_SIGNATURE_STATE}`)
        ? BAD_SIGNATURE_STATE
        : e.interaction?.includes(`Given ${SIGNED_STATE}`)
          ? SIGNED_STATE
          : undefined;
      const list = e.mismatch?.mismatches ?? [{ type: e.mismatch?.type, message: e.mismatch?.message }];
      return list.map((m) => explain(m, state));
    });
    // An unreachable endpoint makes every other finding (no body, wrong type) noise.
    const unreachable = reasons.filter((r) => r === UNREACHABLE);
    if (unreachable.length > 0) reasons.splice(0, reasons.length, UNREACHABLE);
    return { description, ok: r.result === 'OK' && reasons.length === 0, reasons };
  });
  if (interactions.length === 0 && json.result !== true)
    problems.push('The verifier ran no interaction: is the pact file right?');
  return { ok: json.result === true && problems.length === 0, interactions, problems };
}

const UNREACHABLE = 'Your endpoint could not be reached (see the error below).';

function explain(m: Mismatch, state: string | undefined): string {
  const actual = m.actual;
  switch (m.type) {
    case 'StatusMismatch':
      if (actual === 502) return UNREACHABLE;
      if (state === BAD_SIGNATURE_STATE) {
        return `Your endpoint accepted a request whose webhook-signature was made with another secret (it answered ${String(actual)}). Verify the signature (Standard Webhooks, HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<raw body>") and refuse a bad one with 403 (or 401).`;
      }
      if (state === SIGNED_STATE && (actual === 401 || actual === 403)) {
        return `Your endpoint refused a correctly signed request (it answered ${String(actual)}). Check that it verifies with the secret you gave as --secret, over the raw body as received, and accepts timestamps within 5 minutes.`;
      }
      return `Your endpoint answered ${String(actual)} to a correctly signed request; the marketplace expects a 2xx (200-299). Any other 4xx sends the request to the dead-letter queue without retry.`;
    case 'BodyMismatch':
      return `The body of your answer does not match: ${m.mismatch ?? ''} (at ${m.path ?? '$'}). The marketplace expects {"received": true}, as catalog/openapi/partner-webhook.yaml shows.`;
    case 'BodyTypeMismatch':
      return `The body of your answer is not JSON: ${m.mismatch ?? ''}. Answer with Content-Type application/json and {"received": true}.`;
    case 'HeaderMismatch':
      return `A header of your answer does not match: ${m.mismatch ?? `${m.key ?? ''}`}.`;
    default:
      return m.mismatch ?? m.message ?? JSON.stringify(m);
  }
}

/** The report as printed by `portico verify-partner`. */
export function formatReport(
  report: VerificationReport,
  target: { baseUrl: string; pactFile: string },
): string {
  const lines = [`Verified ${target.baseUrl} against ${target.pactFile}`, ''];
  for (const i of report.interactions) {
    lines.push(`  ${i.ok ? 'PASS' : 'FAIL'}  ${i.description}`);
    for (const r of new Set(i.reasons)) lines.push(`          ${r}`);
  }
  for (const p of report.problems) lines.push(`  ERROR ${p}`);
  const failed = report.interactions.filter((i) => !i.ok).length;
  lines.push(
    '',
    report.ok
      ? `OK: all ${report.interactions.length} interactions pass. Your endpoint honours the partner webhook contract.`
      : `FAILED: ${failed} of ${report.interactions.length} interactions fail${report.problems.length ? `, ${report.problems.length} error(s)` : ''}.`,
  );
  return lines.join('\n');
}
