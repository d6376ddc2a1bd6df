// The request store's interface: one implementation per place it runs (SQLite locally,
// DynamoDB on AWS). Each request is assigned to the partners its routing rules matched; a partner
// sees only its own assignments, each with its own status, so one partner's answer never shows
// through to another.
export type RequestStatus = 'new' | 'in-progress' | 'accepted' | 'declined';
export type Environment = 'prod' | 'test';

export interface Assignment {
  partner: string;
  environment: Environment;
}

export interface StoredRequest {
  requestId: string;
  userId: string;
  environment: Environment;
  /** The `marketplace requests` event's detail as it was put. */
  detail: Record<string, unknown>;
  createdAt: string;
}

/** A request as one partner sees it: the request plus that partner's own status. */
export interface PartnerRequest extends StoredRequest {
  partner: string;
  status: RequestStatus;
  reason?: string;
  updatedAt: string;
}

export interface ListQuery {
  partner: string;
  environment: Environment;
  status?: RequestStatus;
  limit: number;
  /** Opaque, from a previous page's `nextCursor`. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface StatusChange {
  requestId: string;
  partner: string;
  environment: Environment;
  /** Compare-and-set: the change applies only if the current status is still this one. */
  from: RequestStatus;
  to: RequestStatus;
  reason?: string;
  at: string;
}

export type StatusChangeResult =
  | { kind: 'changed'; request: PartnerRequest }
  | { kind: 'not-found' }
  | { kind: 'stale'; current: RequestStatus };

export interface RequestOverview {
  request: StoredRequest;
  assignments: (Assignment & { status: RequestStatus; reason?: string; updatedAt: string })[];
}

export class CursorError extends Error {}

export interface RequestStore {
  /** Idempotent on `requestId`: delivery is at-least-once, a second record adds nothing. */
  record(request: StoredRequest, assignments: readonly Assignment[]): Promise<void>;
  findForPartner(
    requestId: string,
    partner: string,
    environment: Environment,
  ): Promise<PartnerRequest | undefined>;
  /** Newest first (the Marketplace API's order); a page's cursor continues after its last item. Throws CursorError. */
  listForPartner(query: ListQuery): Promise<Page<PartnerRequest>>;
  changeStatus(change: StatusChange): Promise<StatusChangeResult>;
  /** Every partner's view of one request: for the user portal, never for a partner. */
  overview(requestId: string): Promise<RequestOverview | undefined>;
}
