// Reading and changing the managed resources of an EventBridge endpoint with the AWS SDK: the
// local bus or a real account. Reading pages through every list; changing follows a plan.
import {
  CreateApiDestinationCommand,
  CreateConnectionCommand,
  CreateEventBusCommand,
  DeleteApiDestinationCommand,
  DeleteConnectionCommand,
  DeleteRuleCommand,
  DescribeConnectionCommand,
  DescribeEventBusCommand,
  ListApiDestinationsCommand,
  ListConnectionsCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  UpdateApiDestinationCommand,
  UpdateConnectionCommand,
  type ConnectionAuthResponseParameters,
  type CreateConnectionAuthRequestParameters,
  type EventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import type { Change } from './plan.ts';
import { MANAGED_PREFIX, TARGET_ID, type ConnectionState, type EndpointState } from './rule-state.ts';
import { sortKeys } from '../../generate/context.ts';

type Sender = Pick<EventBridgeClient, 'send'>;

/** The bus's ARN, or undefined when it does not exist. */
export async function describeBus(client: Sender, bus: string): Promise<string | undefined> {
  try {
    return (await client.send(new DescribeEventBusCommand({ Name: bus }))).Arn;
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** The comparable state, and what applying needs: ARNs, and the rules another service manages. */
export type EndpointReading = EndpointState & {
  destinationArns: Record<string, string>;
  connectionArns: Record<string, string>;
  /** Rule name -> ManagedBy (ListRules), for rules a service manages: PutRule/PutTargets refuse them. */
  managedBy: Record<string, string>;
};

export async function readState(client: Sender, bus: string): Promise<EndpointReading> {
  const state = {
    bus,
    busExists: (await describeBus(client, bus)) !== undefined,
    connections: {},
    destinations: {},
    rules: {},
    destinationArns: {},
    connectionArns: {},
    managedBy: {},
  } as EndpointReading;
  const connectionNames: Record<string, string> = {};
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListConnectionsCommand({ NamePrefix: MANAGED_PREFIX, NextToken: token }),
    );
    for (const c of page.Connections ?? []) {
      const described = await client.send(new DescribeConnectionCommand({ Name: c.Name! }));
      state.connections[c.Name!] = {
        authorizationType: described.AuthorizationType as ConnectionState['authorizationType'],
        visible: visible(described.AuthParameters),
      };
      state.connectionArns[c.Name!] = c.ConnectionArn!;
      connectionNames[c.ConnectionArn!] = c.Name!;
    }
    token = page.NextToken;
  } while (token);
  const destinationNames: Record<string, string> = {};
  do {
    const page = await client.send(
      new ListApiDestinationsCommand({ NamePrefix: MANAGED_PREFIX, NextToken: token }),
    );
    for (const d of page.ApiDestinations ?? []) {
      state.destinations[d.Name!] = {
        connection: connectionNames[d.ConnectionArn!] ?? d.ConnectionArn!,
        endpoint: d.InvocationEndpoint!,
        httpMethod: d.HttpMethod!,
        rateLimitPerSecond: d.InvocationRateLimitPerSecond!,
      };
      state.destinationArns[d.Name!] = d.ApiDestinationArn!;
      destinationNames[d.ApiDestinationArn!] = d.Name!;
    }
    token = page.NextToken;
  } while (token);
  if (!state.busExists) return state;
  do {
    const page = await client.send(
      new ListRulesCommand({ EventBusName: bus, NamePrefix: MANAGED_PREFIX, NextToken: token }),
    );
    for (const r of page.Rules ?? []) {
      if (r.ManagedBy) state.managedBy[r.Name!] = r.ManagedBy;
      const targets = await client.send(new ListTargetsByRuleCommand({ EventBusName: bus, Rule: r.Name! }));
      const t = targets.Targets?.find((x) => x.Id === TARGET_ID);
      const destination =
        t?.Arn === undefined
          ? undefined
          : destinationNames[t.Arn]
            ? `api-destination:${destinationNames[t.Arn]}`
            : t.Arn;
      state.rules[r.Name!] = {
        eventPattern: canonical(r.EventPattern ?? '{}'),
        description: r.Description ?? '',
        state: r.State === 'DISABLED' ? 'DISABLED' : 'ENABLED',
        ...(t && destination
          ? {
              target: {
                destination,
                retry: {
                  maximumRetryAttempts: t.RetryPolicy?.MaximumRetryAttempts ?? 185,
                  maximumEventAgeInSeconds: t.RetryPolicy?.MaximumEventAgeInSeconds ?? 86400,
                },
                ...(t.DeadLetterConfig?.Arn ? { deadLetterArn: t.DeadLetterConfig.Arn } : {}),
                ...(t.RoleArn ? { roleArn: t.RoleArn } : {}),
              },
            }
          : {}),
      };
    }
    token = page.NextToken;
  } while (token);
  return state;
}

const canonical = (pattern: string) => JSON.stringify(sortKeys(JSON.parse(pattern)));

function visible(auth: ConnectionAuthResponseParameters | undefined): string {
  return auth?.ApiKeyAuthParameters?.ApiKeyName ?? auth?.OAuthParameters?.AuthorizationEndpoint ?? '';
}

export interface ApplyInputs {
  desired: EndpointState;
  /** Connection name -> auth parameters with the secret values (from the environment). */
  auth: Record<string, CreateConnectionAuthRequestParameters>;
  destinationArns: Record<string, string>;
  connectionArns: Record<string, string>;
}

export async function applyChange(client: Sender, change: Change, inputs: ApplyInputs): Promise<void> {
  const { desired } = inputs;
  const bus = desired.bus;
  const name = change.name;
  switch (`${change.action} ${change.kind}`) {
    case 'create event-bus':
      await client.send(new CreateEventBusCommand({ Name: bus }));
      return;
    case 'create connection':
    case 'update connection': {
      const c = desired.connections[name]!;
      const input = {
        Name: name,
        AuthorizationType: c.authorizationType,
        AuthParameters: inputs.auth[name]!,
      };
      const out =
        change.action === 'create'
          ? await client.send(new CreateConnectionCommand(input))
          : await client.send(new UpdateConnectionCommand(input));
      inputs.connectionArns[name] = out.ConnectionArn!;
      return;
    }
    case 'create api-destination':
    case 'update api-destination': {
      const d = desired.destinations[name]!;
      const input = {
        Name: name,
        ConnectionArn: inputs.connectionArns[d.connection]!,
        InvocationEndpoint: d.endpoint,
        HttpMethod: d.httpMethod as 'POST',
        InvocationRateLimitPerSecond: d.rateLimitPerSecond,
      };
      const out =
        change.action === 'create'
          ? await client.send(new CreateApiDestinationCommand(input))
          : await client.send(new UpdateApiDestinationCommand(input));
      inputs.destinationArns[name] = out.ApiDestinationArn!;
      return;
    }
    case 'create rule':
    case 'update rule': {
      const r = desired.rules[name]!;
      await client.send(
        new PutRuleCommand({
          Name: name,
          EventBusName: bus,
          EventPattern: r.eventPattern,
          Description: r.description,
          State: r.state,
        }),
      );
      return;
    }
    case 'create target':
    case 'update target': {
      const t = desired.rules[name]!.target!;
      const arn = t.destination.startsWith('api-destination:')
        ? inputs.destinationArns[t.destination.slice('api-destination:'.length)]!
        : t.destination;
      await client.send(
        new PutTargetsCommand({
          Rule: name,
          EventBusName: bus,
          Targets: [
            {
              Id: TARGET_ID,
              Arn: arn,
              RetryPolicy: {
                MaximumRetryAttempts: t.retry.maximumRetryAttempts,
                MaximumEventAgeInSeconds: t.retry.maximumEventAgeInSeconds,
              },
              ...(t.deadLetterArn ? { DeadLetterConfig: { Arn: t.deadLetterArn } } : {}),
              ...(t.roleArn ? { RoleArn: t.roleArn } : {}),
            },
          ],
        }),
      );
      return;
    }
    case 'delete rule':
      await client
        .send(new RemoveTargetsCommand({ Rule: name, EventBusName: bus, Ids: [TARGET_ID], Force: true }))
        .catch(() => undefined);
      await client.send(new DeleteRuleCommand({ Name: name, EventBusName: bus }));
      return;
    case 'delete api-destination':
      await client.send(new DeleteApiDestinationCommand({ Name: name }));
      return;
    case 'delete connection':
      await client.send(new DeleteConnectionCommand({ Name: name }));
      return;
    default:
      throw new Error(`deploy-rules cannot ${change.action} a ${change.kind} (${name})`);
  }
}
