// load -> check: reads every catalogue file with its parser, then runs the checks no parser does.
// All problems are collected (never the first one only) and returned sorted by file and position.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { ROUTED_EVENT } from '../generate/routing-pattern.ts';
import { ENVIRONMENTS, type ApiDefinition, type Catalogue, type EventDefinition } from './catalogue.ts';
import { checkAwsEndpoints } from './check-aws-endpoints.ts';
import { checkExamples } from './check-examples.ts';
import { checkFilter } from './check-filters.ts';
import { checkRules } from './check-rules.ts';
import { checkPartnerOverlap } from './check-partner-overlap.ts';
import { checkUnique, type Named } from './check-uniqueness.ts';
import type { ExampleToCheck } from './example-check.ts';
import { loadAsyncApi, type LoadedAsyncApi } from './load-asyncapi.ts';
import { loadOpenApi } from './load-openapi.ts';
import { loadPartners } from './load-partners.ts';
import { sortProblems, type Problem } from './problem.ts';
import { createSchemaValidator, type SchemaValidator } from './schema-validator.ts';
import { problemAt, type SourceFile } from './source-file.ts';

export interface LoadResult {
  catalogue: Catalogue;
  problems: Problem[];
}

/** `dir` is the catalogue folder; problems name files relative to `cwd`. */
export async function loadCatalog(dir: string, cwd: string = process.cwd()): Promise<LoadResult> {
  const root = resolve(cwd, dir);
  const display = (abs: string) => relative(cwd, abs).split(sep).join('/');
  const problems: Problem[] = [];
  const examples: ExampleToCheck[] = [];

  const asyncapiPath = join(root, 'asyncapi.yaml');
  let asyncapi: LoadedAsyncApi | undefined;
  if (existsSync(asyncapiPath)) {
    asyncapi = await loadAsyncApi(asyncapiPath, display(asyncapiPath));
    problems.push(...asyncapi.problems);
    examples.push(...asyncapi.examples);
  } else {
    problems.push(missing(display(asyncapiPath), 'the AsyncAPI document is missing'));
  }

  const apis: ApiDefinition[] = [];
  const apiSources: SourceFile[] = [];
  const openapiDir = join(root, 'openapi');
  const openapiFiles = existsSync(openapiDir)
    ? readdirSync(openapiDir).filter((f) => /\.ya?ml$/.test(f))
    : [];
  for (const name of openapiFiles.sort()) {
    const loaded = await loadOpenApi(join(openapiDir, name), display(join(openapiDir, name)));
    problems.push(...loaded.problems);
    examples.push(...loaded.examples);
    if (loaded.api) {
      apis.push(loaded.api);
      apiSources.push(loaded.source);
    }
  }

  const partnersDir = join(root, 'partners');
  const { partners, problems: partnerProblems } = await loadPartners(partnersDir, display(partnersDir));
  problems.push(...partnerProblems);

  const validator = createSchemaValidator();
  problems.push(...checkExamples(examples, validator));

  const operationIds: Named[] = [];
  apis.forEach((api, i) => {
    const source = apiSources[i];
    if (source)
      operationIds.push(...api.operations.map((o) => ({ key: o.operationId, source, pointer: o.pointer })));
  });
  if (asyncapi) {
    const source = asyncapi.source;
    operationIds.push(...asyncapi.operations.map((o) => ({ key: o.id, source, pointer: o.pointer })));
    const identities = asyncapi.events.map((e) => ({
      key: `${e.source}|${e.detailType}`,
      source,
      pointer: e.pointer,
    }));
    problems.push(...checkUnique(identities, (k) => `event (source, detail-type) (${k.replace('|', ', ')})`));
  }
  problems.push(...checkUnique(operationIds, (k) => `operationId '${k}'`));

  const events: EventDefinition[] = asyncapi?.events ?? [];
  const routed = events.find(
    (e) => e.source === ROUTED_EVENT.source && e.detailType === ROUTED_EVENT.detailType,
  );
  problems.push(...checkPartnerOverlap(partners));
  for (const partner of partners) problems.push(...checkAwsEndpoints(partner));
  const ruleChecks = partners.length * ENVIRONMENTS.length;
  if (routed === undefined && asyncapi && partners.length > 0) {
    const declared = asyncapi.envelopes.find(
      (e) => e.source === ROUTED_EVENT.source && e.detailType === ROUTED_EVENT.detailType,
    );
    if (asyncapi.parsed && declared === undefined) {
      const message = `no message has x-eventbridge source '${ROUTED_EVENT.source}' and detail-type '${ROUTED_EVENT.detailType}', which partner rules route`;
      problems.push(problemAt(asyncapi.source, '#/components/messages', message));
    } else {
      const cause = declared
        ? `message ${declared.name} has a problem (fix it first)`
        : `${asyncapi.source.file} does not parse (fix it first)`;
      problems.push(skipped(asyncapi.source, '#', `${ruleChecks} partner rule checks skipped: ${cause}`));
    }
  }
  if (routed) {
    const bases = examples.filter((e) => e.event === routed.name).map((e) => e.value);
    // The checks below build events from the schema and its examples: when either is itself broken,
    // their findings would blame every partner file for it. They wait until it is fixed.
    const cause = brokenSchema(routed, bases, validator);
    if (cause) {
      problems.push(
        skipped(asyncapi!.source, routed.pointer, `${ruleChecks} partner rule checks skipped: ${cause}`),
      );
    } else {
      for (const partner of partners) {
        const filterProblems = checkFilter(partner, routed, validator);
        problems.push(...filterProblems);
        // A witness is only worth building for a filter whose fields and values are sound.
        if (filterProblems.length === 0) problems.push(...checkRules(partner, routed, bases, validator));
      }
    }
  }

  const catalogue: Catalogue = {
    ...(asyncapi ? { asyncapi: asyncapi.source } : {}),
    events,
    asyncapiOperations: asyncapi?.operations ?? [],
    apis,
    partners,
  };
  return { catalogue, problems: sortProblems(problems) };
}

/** Why the routed event's schema or examples cannot be trusted to check partner rules, if they cannot. */
function brokenSchema(
  event: EventDefinition,
  examples: readonly unknown[],
  validator: SchemaValidator,
): string | undefined {
  try {
    const invalid = examples.filter((e) => !validator.accepts(event.schema, e)).length;
    if (invalid > 0)
      return `${invalid === 1 ? '1 example' : `${invalid} examples`} of ${event.name} ${invalid === 1 ? 'breaks' : 'break'} its schema (fix ${invalid === 1 ? 'it' : 'them'} first)`;
  } catch (error) {
    return `the schema of ${event.name} does not compile: ${(error as Error).message}`;
  }
  return undefined;
}

/** One line for the checks a cause above made pointless: a warning, so it never fails a run by itself. */
function skipped(source: SourceFile, pointer: string, message: string): Problem {
  return problemAt(source, pointer, message, { severity: 'warning' });
}

function missing(file: string, message: string): Problem {
  return { file, line: 1, column: 1, pointer: '#', message, severity: 'error' };
}
