// `portico verify-partner`: the Pact verifier (pact-js's `Verifier`, the Rust verifier behind it)
// run against a partner's own endpoint with the partner webhook pact, each request signed as the
// marketplace signs it. Returns the verifier's findings in sentences a partner can act on.
import { fileURLToPath } from 'node:url';
import { Verifier } from '@pact-foundation/pact';
import { decodeWebhookSecret } from '../../services/delivery/webhook-signature.ts';
import { BAD_SIGNATURE_STATE, SIGNED_STATE } from './partner-webhook-interactions.ts';
import { startSigningForwarder, type SigningMode } from './signing-forwarder.ts';
import { readVerification, type VerificationReport } from './verification-report.ts';

export const DEFAULT_WEBHOOK_PACT = fileURLToPath(
  new URL('../../contracts/pacts/portico-marketplace-partner-webhook.json', import.meta.url),
);

export interface VerifyPartnerOptions {
  /** The partner's endpoint URL for one environment, e.g. `https://acme.example/portico/webhook`. */
  baseUrl: string;
  /** The partner's `whsec_…` webhook secret. */
  secret: string;
  pactFile?: string;
  /** Extra headers for every request (the connection's credentials, e.g. `X-Api-Key`). */
  headers?: Readonly<Record<string, string>>;
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
}

export class VerifyPartnerUsageError extends Error {}

export async function verifyPartner(options: VerifyPartnerOptions): Promise<VerificationReport> {
  let endpoint: URL;
  try {
    endpoint = new URL(options.baseUrl);
  } catch {
    throw new VerifyPartnerUsageError(
      `--base-url ${options.baseUrl} is not a URL (e.g. https://partner.example/webhook)`,
    );
  }
  try {
    decodeWebhookSecret(options.secret);
  } catch (error) {
    throw new VerifyPartnerUsageError(`--secret: ${(error as Error).message}`);
  }
  let mode: SigningMode = 'partner-secret';
  const forwarder = await startSigningForwarder({
    secret: options.secret,
    endpoint,
    ...(options.headers ? { headers: options.headers } : {}),
    mode: () => mode,
  });
  const setMode = (next: SigningMode) => async () => {
    mode = next;
    return undefined;
  };
  const verifier = new Verifier({
    provider: 'partner-webhook',
    providerBaseUrl: forwarder.url,
    pactUrls: [options.pactFile ?? DEFAULT_WEBHOOK_PACT],
    logLevel: options.logLevel ?? 'error',
    stateHandlers: {
      [SIGNED_STATE]: setMode('partner-secret'),
      [BAD_SIGNATURE_STATE]: setMode('other-secret'),
    },
  });
  try {
    return readVerification(await verifier.verifyProvider(), forwarder.errors);
  } catch (error) {
    return readVerification((error as Error).message, forwarder.errors);
  } finally {
    await forwarder.close();
  }
}
