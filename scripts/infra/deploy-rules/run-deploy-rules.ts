// `portico deploy-rules` without the CLI: make the managed resources of an EventBridge endpoint
// match the catalogue. Reads the endpoint, prints the plan, then (unless dry-run) applies it.
// Credentials come from the environment variables the partner files name, and are needed only
// for the connections the plan creates or updates: AWS never gives secrets back, so a connection
// whose visible settings match is left alone.
import { EventBridgeClient, type CreateConnectionAuthRequestParameters } from '@aws-sdk/client-eventbridge';
import type { Auth, CatalogModel, EnvironmentName } from '../../../generated/catalog-model.ts';
import { buildCatalogModel } from '../../catalog/build-catalog-model.ts';
import { loadCatalog } from '../../catalog/load-catalog.ts';
import { isLoopbackHost } from '../../../services/console/loopback-guard.ts';
import { localOnlyEnvironments } from '../../catalog/local-only.ts';
import { formatProblem } from '../../catalog/problem.ts';
import { createContext } from '../../generate/context.ts';
import { clientConfig, type ClientOptions } from '../aws-client-config.ts';
import { applyChange, describeBus, readState } from './endpoint-client.ts';
import { formatChange, plan } from './plan.ts';
import { desiredState } from './rule-state.ts';

export interface DeployRulesOptions extends ClientOptions {
  dryRun?: boolean;
  prune?: boolean;
  environment?: EnvironmentName;
  roleArn?: string;
  catalog?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** A model already built (tests), with its `local_only` environments; otherwise the catalogue is loaded and checked. */
  model?: CatalogModel;
  localOnly?: ReadonlySet<string>;
  /**
   * Whether the partner environments marked `local_only` are deployed: by default only when the
   * endpoint is the local stack (a loopback `--endpoint-url`); AWS never gets their loopback endpoints.
   */
  includeLocalOnly?: boolean;
}

async function loadModel(
  options: DeployRulesOptions,
): Promise<{ model: CatalogModel; localOnly: ReadonlySet<string> } | string[]> {
  if (options.model) return { model: options.model, localOnly: options.localOnly ?? new Set() };
  const { catalogue, problems } = await loadCatalog(
    options.catalog ?? 'catalog',
    options.cwd ?? process.cwd(),
  );
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0)
    return [...errors.map(formatProblem), `${errors.length} problem(s) in the catalogue`];
  return {
    model: buildCatalogModel(catalogue, createContext()),
    localOnly: localOnlyEnvironments(catalogue),
  };
}

/** A loopback `--endpoint-url` is the local stack; anything else (or none: AWS) is not. */
export function isLocalEndpoint(endpointUrl: string | undefined): boolean {
  if (endpointUrl === undefined) return false;
  try {
    return isLoopbackHost(new URL(endpointUrl).host);
  } catch {
    return false;
  }
}

export async function runDeployRules(
  options: DeployRulesOptions,
): Promise<{ exitCode: 0 | 1; lines: string[] }> {
  const env = options.env ?? process.env;
  const loaded = await loadModel(options);
  if (Array.isArray(loaded)) return { exitCode: 1, lines: loaded };
  const { model } = loaded;
  const environments: EnvironmentName[] = options.environment ? [options.environment] : ['prod', 'test'];
  const leaveOut =
    (options.includeLocalOnly ?? isLocalEndpoint(options.endpointUrl))
      ? new Set<string>()
      : new Set(
          [...loaded.localOnly].filter((pe) => environments.includes(pe.split('/')[1] as EnvironmentName)),
        );
  const leftOut = [...leaveOut]
    .sort()
    .map(
      (pe) =>
        `left out ${pe}: marked local_only in catalog/partners/${pe.split('/')[0]}.yaml (runs on the local stack alone)`,
    );
  const client = new EventBridgeClient(clientConfig(options, env));
  try {
    const current = await readState(client, model.bus);
    const busArn = await describeBus(client, model.bus);
    const desiredFor = (arn: string | undefined) => {
      // The DLQ of rule R is the SQS queue `R-dlq` in the bus's region and account (docs/aws.md).
      const [, , , region, account] = (arn ?? '').split(':');
      return desiredState(model, {
        environments,
        leaveOut,
        ...(arn ? { deadLetterArn: (rule: string) => `arn:aws:sqs:${region}:${account}:${rule}-dlq` } : {}),
        ...(options.roleArn ? { roleArn: options.roleArn } : {}),
      });
    };
    const desired = desiredFor(busArn);
    // The whole plan first; nothing is changed until every check below has passed.
    const changes = plan(current, desired, { prune: options.prune ?? false });
    const lines = [
      ...leftOut,
      ...(changes.length === 0
        ? ['no changes: the endpoint matches the catalogue']
        : changes.map(formatChange)),
    ];
    if (options.dryRun || changes.length === 0)
      return {
        exitCode: 0,
        lines: [
          ...lines,
          ...(options.dryRun && changes.length > 0
            ? [`dry run: ${changes.length} change(s) not applied`]
            : []),
        ],
      };

    const managed = [
      ...new Set(
        changes
          .filter((c) => (c.kind === 'rule' || c.kind === 'target') && current.managedBy[c.name])
          .map((c) => c.name),
      ),
    ];
    if (managed.length > 0)
      return {
        exitCode: 1,
        lines: [
          ...lines,
          `not applied: ${managed.join(', ')} ${managed.length === 1 ? 'is' : 'are'} managed by ${current.managedBy[managed[0]!]} on this endpoint (a running \`portico dev\` installs catalog/ itself and reloads it when a file changes)`,
        ],
      };
    const auth: Record<string, CreateConnectionAuthRequestParameters> = {};
    const missing: string[] = [];
    for (const change of changes) {
      if (change.kind !== 'connection' || change.action === 'delete') continue;
      const rule = model.rules.find((r) => r.name === change.name)!;
      auth[change.name] = authParameters(rule.target.auth!, env, missing);
    }
    if (missing.length > 0)
      return {
        exitCode: 1,
        lines: [
          ...lines,
          `not applied: set ${[...new Set(missing)].join(', ')} (named by the partner files)`,
        ],
      };
    const inputs = {
      desired,
      auth,
      destinationArns: { ...current.destinationArns },
      connectionArns: { ...current.connectionArns },
    };
    let done = 0;
    for (const change of changes) {
      try {
        await applyChange(client, change, inputs);
        // A new bus has an ARN now: the targets the plan creates get their dead-letter queues from it.
        if (change.kind === 'event-bus') inputs.desired = desiredFor(await describeBus(client, model.bus));
      } catch (error) {
        return {
          exitCode: 1,
          lines: [
            ...lines,
            `stopped after ${done} of ${changes.length} change(s), at "${formatChange(change)}": ${oneLine(error)}`,
          ],
        };
      }
      done += 1;
    }
    return { exitCode: 0, lines: [...lines, `${changes.length} change(s) applied`] };
  } finally {
    client.destroy();
  }
}

/** An SDK or network error as one line: its name (AWS's error code) and message, never a stack. */
export function oneLine(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const cause = e.cause?.code ?? e.cause?.message;
  const text = `${e.name ?? 'Error'}: ${e.message ?? String(error)}${cause && !e.message?.includes(cause) ? ` (${cause})` : ''}`;
  return text.replace(/\s+/g, ' ').trim();
}

function authParameters(
  auth: Auth,
  env: NodeJS.ProcessEnv,
  missing: string[],
): CreateConnectionAuthRequestParameters {
  const value = (ref: { env: string }) => {
    const v = env[ref.env];
    if (v === undefined || v === '') missing.push(ref.env);
    return v ?? '';
  };
  switch (auth.type) {
    case 'api_key':
      return { ApiKeyAuthParameters: { ApiKeyName: auth.header, ApiKeyValue: value(auth.value) } };
    case 'basic':
      return { BasicAuthParameters: { Username: value(auth.username), Password: value(auth.password) } };
    case 'oauth_client_credentials':
      return {
        OAuthParameters: {
          AuthorizationEndpoint: auth.tokenUrl,
          HttpMethod: 'POST',
          ClientParameters: { ClientID: value(auth.clientId), ClientSecret: value(auth.clientSecret) },
          OAuthHttpParameters: {
            BodyParameters: [
              { Key: 'grant_type', Value: 'client_credentials', IsValueSecret: false },
              ...(auth.scope ? [{ Key: 'scope', Value: auth.scope, IsValueSecret: false }] : []),
            ],
          },
        },
      };
  }
}
