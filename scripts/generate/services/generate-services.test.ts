// The service generators on the real catalogue: the route table is the runtime's own, the consumer
// table names every receive operation, and both generated modules type-check beside the generated
// types they import (written with them into a scratch folder and compiled by tsc).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { operationsFromOpenApi } from '../../../services/api-gateway/openapi-operations.ts';
import { createContext } from '../context.ts';
import { generateApiRoutes } from './generate-api-routes.ts';
import { generateConsumerSignatures, receiveOperations } from './generate-consumer-signatures.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const read = (file: string) => parse(readFileSync(join(repo, file), 'utf8')) as Record<string, unknown>;
const api = read('catalog/openapi/marketplace-api.yaml');
const asyncapi = read('catalog/asyncapi.yaml');
const scratch = mkdtempSync(join(repo, 'node_modules/.portico-gen-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('generateApiRoutes', () => {
  const [file] = generateApiRoutes(
    [{ name: 'marketplace-api', document: api }, { name: 'no-document' }],
    createContext(),
  );

  it('writes one module per API that has a document, with the runtime’s route table', async () => {
    expect(file?.path).toBe('services/marketplace-api-routes.ts');
    mkdirSync(join(scratch, 'services'), { recursive: true });
    writeFileSync(join(scratch, 'services/marketplace-api-routes.ts'), file?.contents ?? '');
    const mod = (await import(join(scratch, 'services/marketplace-api-routes.ts'))) as {
      marketplaceApiOperations: unknown;
    };
    expect(mod.marketplaceApiOperations).toEqual(operationsFromOpenApi(api));
  });

  it('types each operation’s input from the document', () => {
    expect(file?.contents).toContain(
      'postRequestStatus: { path: { requestId: string }; query: Record<string, never>; headers: { "Idempotency-Key": string }; body: StatusUpdateRequest };',
    );
    expect(file?.contents).toContain(
      'query: { cursor?: string; limit?: number; status?: RequestStatus; environment?: Environment }',
    );
  });
});

describe('generateConsumerSignatures', () => {
  it.each([
    ['requestStoreReceivesRequestCreated', [['com.marketplace.market', 'marketplace requests']]],
    ['notifierReceivesRequestStatusChanged', [['com.marketplace.api', 'request status changed']]],
  ])('finds %s and what it receives', (id, pairs) => {
    const op = receiveOperations(asyncapi).find((o) => o.operationId === id);
    expect(op?.messages.map((m) => [m.source, m.detailType])).toEqual(pairs);
  });

  it('names the archive’s every-event operation with all six messages', () => {
    expect(
      receiveOperations(asyncapi).find((o) => o.operationId === 'archiveReceivesEverything')?.messages,
    ).toHaveLength(6);
  });

  it('takes every message of the channel when an operation lists none', () => {
    const doc = {
      channels: { requests: { messages: { created: { $ref: '#/components/messages/Created' } } } },
      operations: { hear: { action: 'receive', channel: { $ref: '#/channels/requests' } } },
      components: {
        messages: { Created: { 'x-eventbridge': { source: 's', 'detail-type': 'd' }, payload: {} } },
      },
    };
    expect(receiveOperations(doc)).toEqual([
      {
        operationId: 'hear',
        messages: [{ name: 'Created', source: 's', detailType: 'd', detailTypeName: 'CreatedDetail' }],
      },
    ]);
  });

  it('type-checks beside the generated types', () => {
    const [file] = generateConsumerSignatures(asyncapi, createContext());
    const [routes] = generateApiRoutes([{ name: 'marketplace-api', document: api }], createContext());
    writeFileSync(join(scratch, 'services/consumers.ts'), file?.contents ?? '');
    writeFileSync(join(scratch, 'services/marketplace-api-routes.ts'), routes?.contents ?? '');
    cpSync(join(repo, 'generated/types'), join(scratch, 'types'), { recursive: true });
    mkdirSync(join(scratch, 'validators'), { recursive: true });
    writeFileSync(
      join(scratch, 'validators/index.ts'),
      'export declare function validateDetail(s: string, d: string, x: unknown): { ok: true } | { ok: false; errors: { pointer: string; message: string }[] } | undefined;\n',
    );
    writeFileSync(
      join(scratch, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'ESNext',
          moduleResolution: 'Bundler',
          allowImportingTsExtensions: true,
          verbatimModuleSyntax: true,
          target: 'ES2022',
          skipLibCheck: true,
          types: [],
        },
        include: ['**/*.ts'],
      }),
    );
    const tsc = join(repo, 'node_modules/typescript/bin/tsc');
    expect(() =>
      execFileSync(process.execPath, [tsc, '-p', join(scratch, 'tsconfig.json')], { encoding: 'utf8' }),
    ).not.toThrow();
  });
});
