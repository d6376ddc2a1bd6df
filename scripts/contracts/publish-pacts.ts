// Publishes contracts/pacts/*.json to a Pact Broker (or PactFlow) when PACT_BROKER_BASE_URL is set,
// through the broker's "publish contracts" endpoint (POST /contracts/publish, Pact Broker 2.86+),
// the one `pact-broker publish` calls. Auth: PACT_BROKER_TOKEN (bearer) or
// PACT_BROKER_USERNAME/PACT_BROKER_PASSWORD (basic).
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PACTS_DIR } from './generate-pacts.ts';

export interface PublishOptions {
  rootDir: string;
  consumerVersion: string;
  branch?: string;
  env?: NodeJS.ProcessEnv;
}

export async function publishPacts(options: PublishOptions): Promise<string[]> {
  const env = options.env ?? process.env;
  const base = env.PACT_BROKER_BASE_URL;
  if (!base) throw new Error('PACT_BROKER_BASE_URL is not set: nothing to publish to');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/hal+json',
  };
  if (env.PACT_BROKER_TOKEN) headers.authorization = `Bearer ${env.PACT_BROKER_TOKEN}`;
  else if (env.PACT_BROKER_USERNAME) {
    headers.authorization = `Basic ${Buffer.from(`${env.PACT_BROKER_USERNAME}:${env.PACT_BROKER_PASSWORD ?? ''}`).toString('base64')}`;
  }
  const dir = join(options.rootDir, PACTS_DIR);
  const byConsumer = new Map<string, { providerName: string; content: string }[]>();
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()) {
    const text = await readFile(join(dir, file), 'utf8');
    const pact = JSON.parse(text) as { consumer: { name: string }; provider: { name: string } };
    const list = byConsumer.get(pact.consumer.name) ?? [];
    list.push({ providerName: pact.provider.name, content: Buffer.from(text).toString('base64') });
    byConsumer.set(pact.consumer.name, list);
  }
  const published: string[] = [];
  for (const [consumer, pacts] of byConsumer) {
    const res = await fetch(new URL('/contracts/publish', base), {
      method: 'POST',
      headers,
      body: JSON.stringify({
        pacticipantName: consumer,
        pacticipantVersionNumber: options.consumerVersion,
        ...(options.branch ? { branch: options.branch } : {}),
        contracts: pacts.map((p) => ({
          ...p,
          consumerName: consumer,
          specification: 'pact',
          contentType: 'application/json',
        })),
      }),
    });
    if (!res.ok)
      throw new Error(
        `Pact Broker ${base}: publishing ${consumer}'s pacts answered ${res.status} ${await res.text()}`,
      );
    published.push(...pacts.map((p) => `${consumer} -> ${p.providerName}`));
  }
  return published;
}
