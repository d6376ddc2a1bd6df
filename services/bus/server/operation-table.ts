import type { LocalBus } from '../local-bus.ts';
import type { Input } from '../operations/input.ts';
import type { Caller } from '../operations/managed-change.ts';
import { apiDestinationOperations } from '../operations/api-destinations.ts';
import { archiveOperations } from '../operations/archives.ts';
import { connectionOperations } from '../operations/connections.ts';
import { eventBusOperations } from '../operations/event-buses.ts';
import { putEventsOperations } from '../operations/put-events.ts';
import { replayOperations } from '../operations/replays.ts';
import { ruleOperations } from '../operations/rules.ts';
import { targetOperations } from '../operations/targets.ts';
import { testEventPatternOperations } from '../operations/test-event-pattern.ts';
import { listRuleNamesByTargetOperations } from '../operations/list-rule-names-by-target.ts';
import { tagOperations } from '../operations/tag-resource.ts';
import { permissionOperations } from '../operations/put-permission.ts';

/**
 * One EventBridge operation: the decoded request in, the response members out (or an AwsError thrown).
 * `caller` is how the request arrived (managed-change.ts); over HTTP it is always API_CALLER.
 */
export type Operation = (input: Input, bus: LocalBus, caller?: Caller) => unknown;

/** Operation name (the part of `X-Amz-Target` after `AWSEvents.`) to handler. */
export const operations: Readonly<Record<string, Operation>> = Object.freeze({
  ...putEventsOperations,
  ...eventBusOperations,
  ...ruleOperations,
  ...targetOperations,
  ...testEventPatternOperations,
  ...connectionOperations,
  ...apiDestinationOperations,
  ...archiveOperations,
  ...replayOperations,
  ...listRuleNamesByTargetOperations,
  ...tagOperations,
  ...permissionOperations,
});
