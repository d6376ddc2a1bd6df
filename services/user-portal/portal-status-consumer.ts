// The portal's consumer of `request status changed`: keeps the timeline the user sees. Its signature
// and the validation of its input are generated from the catalogue's receive operation.
import {
  validated,
  type EventBridgeEvent,
  type UserPortalReceivesRequestStatusChanged,
} from '../../generated/services/consumers.ts';
import type { PortalRecordStore } from './portal-users.ts';

export function createPortalStatusConsumer(
  records: PortalRecordStore,
): (event: EventBridgeEvent) => Promise<void> {
  const consumer: UserPortalReceivesRequestStatusChanged = async (event) => {
    if (event['detail-type'] !== 'request status changed') return;
    const d = event.detail;
    await records.addStatus(event.id, d.request_id, {
      partner: d.partner,
      status: d.request_status,
      previousStatus: d.previous_status,
      ...(d.reason !== undefined ? { reason: d.reason } : {}),
      changedAt: d.changed_at,
    });
  };
  return validated(consumer);
}
