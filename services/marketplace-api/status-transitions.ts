// The allowed status transitions (catalog/openapi/marketplace-api.yaml, info.description):
// new -> in-progress | accepted | declined, in-progress -> accepted | declined. Accepted and
// declined are final.
import type { RequestStatus } from '../request-store/request-store.ts';

const allowed: Record<RequestStatus, readonly RequestStatus[]> = {
  new: ['in-progress', 'accepted', 'declined'],
  'in-progress': ['accepted', 'declined'],
  accepted: [],
  declined: [],
};

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return allowed[from].includes(to);
}
