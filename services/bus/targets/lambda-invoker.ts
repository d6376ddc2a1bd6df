import type { InvokeOutcome, TargetInvoker } from '../../delivery/target-invoker.ts';
import { functionNameOfArn, type FunctionRegistry } from './function-registry.ts';

/** Local Lambda timeout: handlers that take longer are treated as failed attempts and retried. */
const TIMEOUT_MS = 30_000;

/**
 * Invokes in-process Lambda-style handlers. The body is parsed as JSON when it is JSON (as Lambda does
 * with its payload); a handler that throws or times out is a retryable failure, an unknown function a
 * failure that is not retried (it cannot succeed until someone registers it and redrives).
 */
export function lambdaInvoker(registry: FunctionRegistry): TargetInvoker {
  return {
    canInvoke: (arn) => functionNameOfArn(arn) !== undefined,
    async invoke(d): Promise<InvokeOutcome> {
      const started = Date.now();
      const name = functionNameOfArn(d.targetArn)!;
      const handler = registry.get(name);
      if (!handler) {
        return {
          kind: 'failed',
          errorCode: 'ResourceNotFoundException',
          errorMessage: `Function not found: ${d.targetArn} (no local handler registered as ${name})`,
          latencyMs: 0,
        };
      }
      let payload: unknown = d.body;
      try {
        payload = JSON.parse(d.body);
      } catch {
        // Plain-text input (an InputTransformer template that is not JSON) is passed as a string.
      }
      const deadline = started + TIMEOUT_MS;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          handler(payload, {
            functionName: name,
            invokedFunctionArn: d.targetArn,
            awsRequestId: `${d.id}-${d.attempt}`,
            getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
          }),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`Task timed out after ${TIMEOUT_MS / 1000} seconds`)),
              TIMEOUT_MS,
            );
          }),
        ]);
        return { kind: 'succeeded', latencyMs: Date.now() - started };
      } catch (error) {
        return {
          kind: 'retryable',
          errorCode: 'Lambda.FunctionError',
          errorMessage: `${name}: ${(error as Error)?.message ?? String(error)}`,
          latencyMs: Date.now() - started,
        };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
