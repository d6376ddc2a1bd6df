// The portal's consumer of `request status changed`: keeps the timeline the user sees.
import type { EventBridgeEvent } from '../api-gateway/eventbridge-event.ts';
import type { PortalRecordStore } from './portal-users.ts';

export function createPortalStatusConsumer(records: PortalRecordStore) {
  return async function portalStatus(event: EventBridgeEvent): Promise<void> {
    if (event['detail-type'] !== 'request status changed') return;
    const d = event.detail;
    await records.addStatus(event.id, String(d['request_id']), {
      partner: String(d['partner']),
      status: String(d['request_status']),
      previousStatus: String(d['previous_status']),
      ...(typeof d['reason'] === 'string' ? { reason: d['reason'] } : {}),
      changedAt: String(d['changed_at']),
    });
  };
}
