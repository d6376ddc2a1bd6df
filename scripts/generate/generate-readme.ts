// generated/README.md: what each generated file is, so a reader of the tree needs no toolkit.
import type { GeneratedFile, GenerateContext } from './context.ts';
import { markdownHeader } from './header.ts';

export function generateReadme(others: readonly GeneratedFile[], ctx: GenerateContext): GeneratedFile[] {
  // Rules are listed as one pattern, so that onboarding a partner changes no line here.
  const paths = others.map((f) => (f.path.startsWith('rules/') ? RULES : f.path));
  const list = [...new Set(paths)].map((p) => `- \`${p}\`: ${describePath(p)}`).join('\n');
  const contents = `${markdownHeader(ctx)}
# generated/

Everything here is written by \`portico generate\` from \`catalog/\`; \`portico generate --check\`
(run by \`npm test\`) fails when a file is stale, missing or extra. Runtime code (\`services/\`)
imports from here and never from \`scripts/\`.

${list}

## Known limits of the generated types

The types come from \`json-schema-to-typescript\`, which does not express everything JSON Schema
says: \`if\`/\`then\`/\`else\` and \`not\` are ignored, \`pattern\`, \`format\` and numeric or length bounds are
not types (some appear as JSDoc tags only), and \`$dynamicRef\` is not supported. The compiled
validators in \`validators/\` enforce the whole schema: validate data at the edges, then trust the types.
`;
  return [{ path: 'README.md', contents }];
}

const RULES = 'rules/<partner>-<env>.json';

function describePath(path: string): string {
  if (path === 'catalog-model.ts')
    return 'the normalised catalogue model (`catalogModel`) and its type; the runtime reads only this.';
  if (path === 'types/events.ts') return 'TypeScript types of every event `detail` (catalog/asyncapi.yaml).';
  if (path.startsWith('types/'))
    return `TypeScript types of the schemas of catalog/openapi/${path.slice(6, -3)}.yaml.`;
  if (path === 'validators/compiled.js')
    return 'Ajv standalone validators, compiled from the catalogue schemas (ESM).';
  if (path === 'validators/compiled.d.ts') return 'declarations of `compiled.js`.';
  if (path === 'validators/index.ts')
    return '`validateDetail(source, detailType, detail)` and `validateRequestBody(operationId, body)`, returning JSON pointers.';
  if (path === 'services/consumers.ts')
    return 'typed consumer signatures of the AsyncAPI `receive` operations, and `validated(consumer)`.';
  if (path.startsWith('services/') && path.endsWith('-routes.ts'))
    return `route table, request validation pointers and handler signatures of catalog/openapi/${path.slice(9, -10)}.yaml.`;
  if (path === RULES)
    return 'EventBridge rule `portico-<partner>-<env>`, one per partner and environment: the full event pattern (source, detail-type, routing `$or` on detail) and the target (endpoint, auth references, retry policy, rate limit).';
  return 'generated file.';
}
