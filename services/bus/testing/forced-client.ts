import { EventBridgeClient, type EventBridgeClientConfig } from '@aws-sdk/client-eventbridge';

/**
 * An SDK client whose every request carries `"Force": true`, as an operator sends it to change what the
 * catalogue manages (docs/security.md). The SDK serialises only the members its model knows, and only
 * DeleteRule and RemoveTargets model Force, so a build-step middleware adds it to the JSON body.
 */
export function forcedClient(config: EventBridgeClientConfig): EventBridgeClient {
  const client = new EventBridgeClient(config);
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { body?: unknown; headers?: Record<string, string> };
      // The SDK hands the serialised JSON on as text or as bytes, depending on its version.
      const body = request.body;
      if (typeof body === 'string' || body instanceof Uint8Array) {
        const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
        const forced = JSON.stringify({ ...(JSON.parse(text) as object), Force: true });
        request.body = forced;
        if (request.headers) request.headers['content-length'] = String(Buffer.byteLength(forced));
      }
      return next(args);
    },
    { step: 'build', priority: 'high', name: 'porticoForce' },
  );
  return client;
}
