import type { LocalBus } from '../local-bus.ts';
import { API_CALLER, type Caller } from '../operations/managed-change.ts';
import { validateRequest } from '../validation/validate-request.ts';
import { AwsError } from './aws-error.ts';
import { operations } from './operation-table.ts';
import { checkRequestJsonBounds } from './request-json-bounds.ts';

/**
 * One EventBridge JSON 1.1 request, from its `X-Amz-Target` and body to the response members (or an
 * AwsError thrown): shared by the HTTP server and the in-process client, so that both check alike.
 */
export async function invokeOperation(
  bus: LocalBus,
  target: string | undefined,
  body: string,
  caller: Caller = API_CALLER,
): Promise<unknown> {
  const name = target?.startsWith('AWSEvents.') ? target.slice('AWSEvents.'.length) : undefined;
  const operation = name !== undefined && Object.hasOwn(operations, name) ? operations[name] : undefined;
  if (!operation) {
    throw new AwsError(
      'UnknownOperationException',
      `Operation ${target ?? '(no X-Amz-Target)'} is not supported.`,
    );
  }
  checkRequestJsonBounds(body);
  let input: unknown;
  try {
    input = body.length === 0 ? {} : JSON.parse(body);
  } catch {
    throw new AwsError('SerializationException', 'Start of structure or map found where not expected.');
  }
  // The service model's checks run before every operation (validation/validate-request.ts).
  validateRequest(name!, input);
  // PutEvents answers per entry (InternalFailure) from its commit, which checks the store itself.
  const storeProblem = name === 'PutEvents' ? undefined : bus.store.problem();
  if (storeProblem) throw new AwsError('InternalException', storeProblem, 500);
  return operation(input as Record<string, unknown>, bus, caller);
}
