// Where a key's reach is decided: once, when the request is authorised, for every operation. A key
// belongs to one partner and one environment and acts only within both (docs/security.md, "What a
// key may do"). Two layers, both here:
//   1. `authorise` reads the operation's table row and refuses (403, naming each pointer) a request
//      that names anything outside the key's environment, before any operation runs;
//   2. `scopedContext` hands the operation services bound to the caller: a read shows only the
//      caller's environment, and a change to another partner or environment throws, whatever the
//      operation's code asks for (defence in depth: a new operation cannot forget the check).
import { HttpProblem, type ProblemError } from '../api-gateway/problem.ts';
import type { ParsedRequest } from '../api-gateway/openapi-request.ts';
import type { Environment } from '../request-store/request-store.ts';
import type { Caller } from './api-keys.ts';
import type { DeliverySettings } from './delivery-settings.ts';
import type { OperationContext } from './operation-context.ts';
import type { PartnerRegistry, PartnerView, StoredPatch } from './partner-registry.ts';

/**
 * Partner-wide members (not per environment) and the one environment whose key may change them:
 * the name and contact reach production users and notifications, so a test key may read them but
 * not change them.
 */
export const partnerWideMembers = { name: 'prod', contact: 'prod' } as const satisfies Record<
  string,
  Environment
>;

type Check = (req: ParsedRequest, caller: Caller) => ProblemError[];

/** What each operation may name beyond the key's own partner and environment: nothing. */
const requestChecks: Record<string, Check> = {
  // Requests are read and changed through the assignment (partner, environment) of the key: the
  // request store filters by both (request-operations.ts), nothing in the request names either.
  listRequests: () => [],
  getRequest: () => [],
  postRequestStatus: () => [],
  getPartner: () => [],
  // The secret rotated is the key's environment's (webhook-secret-rotation.ts keys it so).
  rotateWebhookSecret: () => [],
  // The delivery log is read and resent through the key's (partner, environment): the log filters by
  // the rule of both (delivery/partner-delivery-log.ts); a delivery id of another scope is not found.
  listPartnerDeliveries: () => [],
  resendPartnerDelivery: () => [],
  sendPartnerTestEvent: () => [],
  updatePartner: (req, caller) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const errors: ProblemError[] = [];
    for (const [member, owner] of Object.entries(partnerWideMembers))
      if (member in body && caller.environment !== owner)
        errors.push({
          pointer: `/${member}`,
          message: `partner-wide; only the ${owner} key may change it`,
        });
    const envs = (body['environments'] ?? {}) as Record<string, unknown>;
    for (const env of Object.keys(envs))
      if (env !== caller.environment)
        errors.push({
          pointer: `/environments/${env}`,
          message: `this key belongs to ${caller.environment}; it cannot change ${env}`,
        });
    return errors;
  },
};

/** Throws 403 when the request names anything outside the key's partner and environment. */
export function authorise(req: ParsedRequest, caller: Caller): void {
  const check = requestChecks[req.operation.operationId];
  // An operation nobody classified is refused rather than run unscoped.
  if (!check) throw forbidden(`No authorisation rule for ${req.operation.operationId}.`, []);
  const errors = check(req, caller);
  if (errors.length > 0)
    throw forbidden(`This API key acts only for ${caller.partner} in ${caller.environment}.`, errors);
}

function forbidden(detail: string, errors: ProblemError[]): HttpProblem {
  return new HttpProblem(403, 'forbidden', detail, errors.length > 0 ? { errors } : {});
}

/** The operation context as seen by `caller`: every service bound to its partner and environment. */
export function scopedContext(ctx: OperationContext, caller: Caller): OperationContext {
  const own = (partner: string, environment?: Environment) => {
    if (partner !== caller.partner || (environment !== undefined && environment !== caller.environment))
      throw forbidden(`This API key acts only for ${caller.partner} in ${caller.environment}.`, []);
  };
  const settings: DeliverySettings = {
    setEndpoint: async (p, e, endpoint) => (own(p, e), ctx.settings.setEndpoint(p, e, endpoint)),
    setAuth: async (p, e, auth) => (own(p, e), ctx.settings.setAuth(p, e, auth)),
    setWebhookSecrets: async (p, e, secrets) => (own(p, e), ctx.settings.setWebhookSecrets(p, e, secrets)),
    capture: async (p, e) => (own(p, e), ctx.settings.capture(p, e)),
    restore: async (p, e, snapshot) => (own(p, e), ctx.settings.restore(p, e, snapshot)),
  };
  const partners = Object.create(ctx.partners) as PartnerRegistry;
  partners.view = async (p: string) => {
    own(p);
    const full = await ctx.partners.view(p, caller.environment);
    return full && onlyEnvironment(full, caller.environment);
  };
  partners.change = async (p: string, patch: StoredPatch) => {
    own(p);
    for (const env of Object.keys(patch.environments ?? {})) own(p, env as Environment);
    for (const member of Object.keys(partnerWideMembers) as (keyof typeof partnerWideMembers)[])
      if (patch[member] !== undefined) own(p, partnerWideMembers[member]);
    return ctx.partners.change(p, patch);
  };
  partners.restore = async (p: string, before: StoredPatch | undefined) => (
    own(p),
    ctx.partners.restore(p, before)
  );
  partners.recordRotation = async (p: string, e: Environment, createdAt: string, expiresAt: string) => (
    own(p, e),
    ctx.partners.recordRotation(p, e, createdAt, expiresAt)
  );
  const rotation = Object.create(ctx.rotation) as OperationContext['rotation'];
  rotation.rotate = async (p, e, grace, previous) => (own(p, e), ctx.rotation.rotate(p, e, grace, previous));
  const log = ctx.deliveries;
  const deliveries: OperationContext['deliveries'] = log && {
    list: async (scope, q) => (own(scope.partner, scope.environment), log.list(scope, q)),
    resend: async (scope, id) => (own(scope.partner, scope.environment), log.resend(scope, id)),
    sendTestEvent: async (scope) => (own(scope.partner, scope.environment), log.sendTestEvent(scope)),
  };
  return { ...ctx, settings, partners, rotation, ...(deliveries ? { deliveries } : {}) };
}

/** The view with the other environment left out: its endpoint and auth are not this key's to see. */
function onlyEnvironment(view: PartnerView, environment: Environment): PartnerView {
  const own = view.environments[environment];
  return { ...view, environments: { [environment]: own } as PartnerView['environments'] };
}
