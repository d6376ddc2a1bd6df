// The contracts generator: catalogue -> pact files under contracts/pacts/. The derivations are
// pure; the files themselves are written by pact-js (its V4 builder and mock server) into a
// scratch folder, then normalised so that the same catalogue always gives the same bytes.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalogue } from '../catalog/catalogue.ts';
import type { GeneratedFile } from '../generate/context.ts';
import {
  contractSourcesFromCatalogue,
  loadContractSources,
  type ContractSources,
} from './contract-sources.ts';
import { pactFileName, type HttpPactDefinition, type MessagePactDefinition } from './interaction.ts';
import { normalisePact } from './normalise-pact.ts';
import { marketplaceApiPact } from './marketplace-api-interactions.ts';
import { messagePacts } from './message-interactions.ts';
import { partnerWebhookPact } from './partner-webhook-interactions.ts';
import { produceHttpPact, produceMessagePact } from './produce-pact.ts';

/** The pacts' output folder, relative to the project root; it holds generated files only. */
export const PACTS_DIR = 'contracts/pacts';

export interface PactDefinitions {
  readonly http: readonly HttpPactDefinition[];
  readonly messages: readonly MessagePactDefinition[];
}

/** Every pact the catalogue defines, as data (pure). */
export function pactDefinitions(sources: ContractSources): PactDefinitions {
  return {
    http: [partnerWebhookPact(sources), marketplaceApiPact(sources)],
    messages: messagePacts(sources),
  };
}

/**
 * The toolkit's entry point (`portico generate`, `generate --check`): every pact file, paths
 * relative to `PACTS_DIR`, in path order. Writes nothing under the project: hand the result to
 * `compareFiles`/`writeFiles` (scripts/generate/write-files.ts) with `resolve(rootDir, PACTS_DIR)`.
 */
export async function generatePacts(catalogue: Catalogue, rootDir: string): Promise<GeneratedFile[]> {
  return renderPacts(await contractSourcesFromCatalogue(catalogue, rootDir));
}

/** The same, loading the catalogue from `<rootDir>/catalog` itself. */
export async function generatePactsFromDir(rootDir: string): Promise<GeneratedFile[]> {
  return renderPacts(await loadContractSources(rootDir));
}

/**
 * Pact's mock server picks its port by probing for a free one, so when other processes start mock
 * servers at the same moment (parallel test workers) a request can land on a stranger's server and
 * the interaction reads "expected but not received". The output is deterministic, so a clean retry
 * in a fresh scratch folder is safe; a real mismatch fails every attempt and is reported.
 */
export async function renderPacts(sources: ContractSources, attempts = 3): Promise<GeneratedFile[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await renderPactsOnce(sources);
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}

async function renderPactsOnce(sources: ContractSources): Promise<GeneratedFile[]> {
  const defs = pactDefinitions(sources);
  const scratch = await mkdtemp(join(tmpdir(), 'portico-pacts-'));
  try {
    for (const def of defs.http) await produceHttpPact(def, scratch);
    for (const def of defs.messages) await produceMessagePact(def, scratch);
    const names = [...defs.http, ...defs.messages].map(pactFileName).sort();
    const out: GeneratedFile[] = [];
    for (const name of names) {
      const text = await readFile(join(scratch, name), 'utf8');
      out.push({ path: name, contents: normalisePact(text, { files: sources.files }) });
    }
    return out;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
