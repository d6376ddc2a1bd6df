// The AWS SDK's EventBridge client wired to the bus in-process: requests are serialised, and answers
// parsed, by the SDK exactly as over HTTP, but never leave the process. This is how the Marketplace
// API's self-service reaches the catalogue's connections and API destinations (managed-change.ts): the
// trust is in the wiring, which no HTTP client can reach, not in anything a request could carry.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { LocalBus } from '../local-bus.ts';
import type { Caller } from '../operations/managed-change.ts';
import { AwsError } from './aws-error.ts';
import { invokeOperation } from './invoke-operation.ts';

const JSON_11 = 'application/x-amz-json-1.1';

export function inProcessClient(bus: LocalBus, caller: Caller): EventBridgeClient {
  const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    const bytes = Buffer.from(JSON.stringify(body ?? {}));
    const response = {
      statusCode: status,
      headers: { 'content-type': JSON_11, 'content-length': String(bytes.length), ...headers },
      body: new Uint8Array(bytes),
    };
    return { response };
  };
  return new EventBridgeClient({
    region: bus.identity.region,
    // Never dialled: the request handler below answers every request.
    endpoint: 'http://in-process.invalid',
    credentials: { accessKeyId: 'in-process', secretAccessKey: 'in-process' },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: { headers: Record<string, string>; body?: unknown }) {
        const body =
          typeof request.body === 'string'
            ? request.body
            : Buffer.from((request.body as Uint8Array) ?? '').toString();
        const target = Object.entries(request.headers).find(([k]) => k.toLowerCase() === 'x-amz-target')?.[1];
        try {
          return answer(200, await invokeOperation(bus, target, body, caller));
        } catch (error) {
          if (!(error instanceof AwsError)) throw error;
          return answer(
            error.status,
            { __type: error.code, message: error.message },
            {
              'x-amzn-errortype': error.code,
            },
          );
        }
      },
    },
  });
}
