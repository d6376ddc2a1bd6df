// Who may change what the catalogue installed (`ManagedBy: portico.catalog`): its bus, rules,
// connections and API destinations. Through the EventBridge API nobody may, unless the request says
// `"Force": true` (the member AWS models on DeleteRule and RemoveTargets; Portico reads it on every
// change of a managed resource); a forced change is undone by the next install of the catalogue
// (`catalog/install-catalog-rules.ts`). The Marketplace API's self-service (a partner's endpoint,
// credentials, webhook secrets) is the one other writer: it is told apart by how the call arrives
// (in-process, `server/in-process-client.ts`), never by anything a request carries, so no HTTP client
// can claim it; what it changes is kept across restarts.
import type { AwsError } from '../server/aws-error.ts';
import type { Input } from './input.ts';

export interface Caller {
  /** The Marketplace API's self-service, called in-process; never set for a request that came over HTTP. */
  readonly selfService?: boolean;
}

/** Every request that arrives over HTTP. */
export const API_CALLER: Caller = Object.freeze({});

export type ChangeKind = 'unmanaged' | 'forced' | 'self-service';

/**
 * How a change to `resource` goes ahead: `unmanaged` (not the catalogue's), `forced` (undone at the next
 * start) or `self-service` (kept); throws `refusal()` otherwise. Self-service reaches connections and API
 * destinations only (`selfServiceAllowed`): rules and buses are the catalogue's alone.
 */
export function managedChange(
  resource: { managedBy?: string },
  input: Input,
  caller: Caller,
  refusal: () => AwsError,
  selfServiceAllowed = false,
): ChangeKind {
  if (!resource.managedBy) return 'unmanaged';
  if (caller.selfService && selfServiceAllowed) return 'self-service';
  if (input.Force === true) return 'forced';
  throw refusal();
}
