import Database from 'better-sqlite3';
import { apply as mergePatch } from 'json-merge-patch';
import { describe, expect, it } from 'vitest';
import { PartnerRegistry, SqlitePartnerChanges, type CataloguePartner } from './partner-registry.ts';

// RFC 7396, Appendix A (a selection of its examples): the library the API merges with keeps them.
describe('json-merge-patch', () => {
  it.each([
    ['replaces a member', { a: 'b' }, { a: 'c' }, { a: 'c' }],
    ['adds a member', { a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    ['removes with null', { a: 'b' }, { a: null }, {}],
    ['merges nested objects', { a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    ['replaces arrays whole', { a: [1, 2] }, { a: [3] }, { a: [3] }],
    ['replaces a non-object target', ['a'], { a: 'b' }, { a: 'b' }],
  ])('%s', (_name, target, patch, want) => {
    expect(mergePatch(target, patch)).toEqual(want);
  });
});

const partner: CataloguePartner = {
  id: 'acme',
  name: 'Acme',
  delivery: 'webhook',
  contact: { email: 'a@acme.example' },
  environments: {
    prod: { endpoint: 'https://acme.example/hook', auth: { type: 'basic' } },
    test: { endpoint: 'http://127.0.0.1:4999/hook' },
  },
};

describe('PartnerRegistry', () => {
  it('shows the catalogue with the partner’s own changes over it, and never a credential', async () => {
    const registry = new PartnerRegistry(new SqlitePartnerChanges(new Database(':memory:')), [partner]);
    await registry.change('acme', {
      environments: { test: { endpoint: 'http://127.0.0.1:5000/x', auth_type: 'api_key' } },
    });
    await registry.change('acme', { name: 'Acme Ltd' });
    expect(await registry.view('acme')).toEqual({
      id: 'acme',
      name: 'Acme Ltd',
      delivery: 'webhook',
      contact: { email: 'a@acme.example' },
      environments: {
        prod: { endpoint: 'https://acme.example/hook', auth_type: 'basic' },
        test: { endpoint: 'http://127.0.0.1:5000/x', auth_type: 'api_key' },
      },
    });
    expect(await registry.view('nobody')).toBeUndefined();
  });
});
