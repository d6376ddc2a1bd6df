import type { ApiDestinationStore } from './api-destination-store.ts';
import type { AuthorizationType, ConnectionStore } from './connection-store.ts';

/** The read side of connections and API destinations that the delivery helper's invoker uses (seam doc). */
export interface DestinationDirectory {
  apiDestination(arn: string):
    | {
        name: string;
        arn: string;
        endpoint: string;
        httpMethod: string;
        invocationRateLimitPerSecond?: number;
        connectionArn: string;
      }
    | undefined;
  connection(
    arn: string,
  ): { name: string; arn: string; authorizationType: AuthorizationType; authParameters: unknown } | undefined;
  webhookSecrets(apiDestinationArn: string): string[];
}

export function destinationDirectory(
  destinations: ApiDestinationStore,
  connections: ConnectionStore,
): DestinationDirectory {
  return {
    apiDestination(arn) {
      const d = destinations.byArn(arn);
      if (!d) return undefined;
      return {
        name: d.name,
        arn: d.arn,
        endpoint: d.endpoint,
        httpMethod: d.httpMethod,
        ...(d.invocationRateLimitPerSecond !== undefined
          ? { invocationRateLimitPerSecond: d.invocationRateLimitPerSecond }
          : {}),
        connectionArn: d.connectionArn,
      };
    },
    connection(arn) {
      const c = connections.byArn(arn);
      return c
        ? {
            name: c.name,
            arn: c.arn,
            authorizationType: c.authorizationType,
            authParameters: c.authParameters,
          }
        : undefined;
    },
    webhookSecrets(arn) {
      return [...(destinations.byArn(arn)?.webhookSecrets ?? [])];
    },
  };
}
