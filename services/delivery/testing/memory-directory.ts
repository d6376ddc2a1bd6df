import type { DestinationDirectory } from '../../bus/resources/destination-directory.ts';
import type { AuthorizationType } from '../connection-auth.ts';

type Destination = NonNullable<ReturnType<DestinationDirectory['apiDestination']>>;

/** A DestinationDirectory held in memory, for tests and the benchmark. */
export class MemoryDirectory implements DestinationDirectory {
  readonly destinations = new Map<string, Destination & { secrets: string[] }>();
  readonly connections = new Map<
    string,
    { name: string; arn: string; authorizationType: AuthorizationType; authParameters: unknown }
  >();

  addConnection(name: string, authorizationType: AuthorizationType, authParameters: unknown): string {
    const arn = `arn:aws:events:eu-west-1:000000000000:connection/${name}/c0000000`;
    this.connections.set(arn, { name, arn, authorizationType, authParameters });
    return arn;
  }

  addDestination(
    name: string,
    endpoint: string,
    connectionArn: string,
    extra: { rate?: number; secrets?: string[]; method?: string } = {},
  ): string {
    const arn = `arn:aws:events:eu-west-1:000000000000:api-destination/${name}/d0000000`;
    this.destinations.set(arn, {
      name,
      arn,
      endpoint,
      httpMethod: extra.method ?? 'POST',
      connectionArn,
      secrets: extra.secrets ?? [],
      ...(extra.rate !== undefined ? { invocationRateLimitPerSecond: extra.rate } : {}),
    });
    return arn;
  }

  apiDestination(arn: string) {
    const d = this.destinations.get(arn);
    if (!d) return undefined;
    const { secrets: _secrets, ...rest } = d;
    return rest;
  }
  connection(arn: string) {
    return this.connections.get(arn);
  }
  webhookSecrets(arn: string): string[] {
    return this.destinations.get(arn)?.secrets ?? [];
  }
}
