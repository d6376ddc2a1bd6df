// The request store's bus consumer (a Lambda handler for an EventBridge rule target). It records
// each `marketplace requests` event with the partners it is for, and applies `request status
// changed` events. Both are idempotent, because delivery is at-least-once.
import type { EventBridgeEvent } from '../api-gateway/eventbridge-event.ts';
import type { PartnerAssignment } from './partner-assignment.ts';
import type { Environment, RequestStatus, RequestStore } from './request-store.ts';

export interface RequestStoreConsumerOptions {
  store: RequestStore;
  /** Read at each event: `portico dev` replaces it when the catalogue is reloaded. */
  assignment: Pick<PartnerAssignment, 'assign'>;
  log?: (message: string, fields: Record<string, unknown>) => void;
}

export function createRequestStoreConsumer(opts: RequestStoreConsumerOptions) {
  const log = opts.log ?? (() => undefined);
  return async function requestStoreConsumer(event: EventBridgeEvent): Promise<void> {
    const detail = event.detail;
    if (event['detail-type'] === 'marketplace requests') {
      // The walkthrough's legacy event has no request_id: the event id stands in for it.
      const requestId = typeof detail['request_id'] === 'string' ? detail['request_id'] : event.id;
      const environment = (detail['environment'] as Environment | undefined) ?? 'prod';
      const assignments = opts.assignment.assign(event);
      await opts.store.record(
        { requestId, userId: String(detail['user_id']), environment, detail, createdAt: event.time },
        assignments,
      );
      log('request recorded', {
        requestId,
        partners: assignments.map((a) => `${a.partner}/${a.environment}`),
      });
      return;
    }
    if (event['detail-type'] === 'request status changed') {
      const result = await opts.store.changeStatus({
        requestId: String(detail['request_id']),
        partner: String(detail['partner']),
        environment: (detail['environment'] as Environment | undefined) ?? 'prod',
        from: detail['previous_status'] as RequestStatus,
        to: detail['request_status'] as RequestStatus,
        ...(typeof detail['reason'] === 'string' ? { reason: detail['reason'] } : {}),
        at: String(detail['changed_at']),
      });
      // `stale` with the event's own status means the API already wrote it: nothing to do.
      if (
        result.kind !== 'changed' &&
        !(result.kind === 'stale' && result.current === detail['request_status'])
      ) {
        log('status event not applied', { requestId: detail['request_id'], outcome: result.kind });
      }
      return;
    }
    log('event ignored', { detailType: event['detail-type'] });
  };
}
