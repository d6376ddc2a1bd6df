// A self-service change (`PATCH /partner`) as one unit. First the whole change is planned: the
// patch is merged (RFC 7396) into the partner's current settings and the merged document is
// validated against `PartnerSettings` before anything is touched. Then it is applied step by step
// (bus settings, the stored changes, the announcing events), each step leaving an undo; if any step
// fails, the undos run in reverse, so every part is as it was, and the answer names the member whose
// step failed.
import { apply as applyMergePatch } from 'json-merge-patch';
import { HttpProblem, type ProblemError } from '../api-gateway/problem.ts';
import { toProblemErrors } from '../api-gateway/schema-compiler.ts';
import type { Environment } from '../request-store/request-store.ts';
import { authProblems, type AuthPatch } from './delivery-settings.ts';
import type { OperationContext } from './operation-context.ts';
import type { PartnerView, StoredPatch } from './partner-registry.ts';

const SETTINGS_SCHEMA = '#/components/schemas/PartnerSettings';
const ENVIRONMENTS: readonly Environment[] = ['prod', 'test'];

/** The `PartnerSettings` schema of catalog/openapi/marketplace-api.yaml. */
interface PartnerSettings {
  name: string;
  contact: PartnerView['contact'];
  environments: Partial<Record<Environment, { endpoint?: string; auth?: AuthPatch }>>;
}

export interface PartnerChangePlan {
  /** Top-level members whose value changes. */
  general: ('name' | 'contact')[];
  merged: PartnerSettings;
  environments: { env: Environment; endpoint?: string; auth?: AuthPatch }[];
}

/**
 * What a merge patch changes, or a 422 naming every invalid member of the merged document.
 * Credentials are write-only, so an environment's `auth` is merged into its current type alone,
 * and only where the patch names `auth`.
 */
export function planPartnerChange(
  view: PartnerView,
  patch: Record<string, unknown>,
  ctx: Pick<OperationContext, 'schemas'>,
): PartnerChangePlan {
  const envPatch = (patch['environments'] ?? {}) as Partial<Record<Environment, Record<string, unknown>>>;
  const named = ENVIRONMENTS.filter((env) => envPatch[env] !== undefined);
  if (view.delivery === 'poll' && named.length > 0) {
    const errors: ProblemError[] = named.map((env) => ({
      pointer: `/environments/${env}`,
      message: 'a partner that polls has no endpoint or credentials',
    }));
    throw new HttpProblem(
      422,
      'validation',
      'This partner polls the Marketplace API; it has no endpoint to change.',
      { errors },
    );
  }
  const target: PartnerSettings = {
    name: view.name,
    contact: view.contact,
    environments: Object.fromEntries(
      ENVIRONMENTS.filter((env) => view.environments[env]?.endpoint || envPatch[env]).map((env) => {
        const current = view.environments[env] ?? {};
        const authType = current.auth_type;
        return [
          env,
          {
            ...(current.endpoint ? { endpoint: current.endpoint } : {}),
            ...(envPatch[env]?.['auth'] !== undefined ? { auth: authType ? { type: authType } : {} } : {}),
          },
        ];
      }),
    ),
  };
  const merged = applyMergePatch(structuredClone(target), patch) as unknown as PartnerSettings;
  const validate = ctx.schemas.compile(SETTINGS_SCHEMA);
  if (!validate(merged)) {
    throw new HttpProblem(
      422,
      'validation',
      'The partner details with this merge patch applied are not valid; nothing was changed.',
      { errors: toProblemErrors(validate.errors) },
    );
  }
  const general = [
    ...(merged.name !== view.name ? (['name'] as const) : []),
    ...(JSON.stringify(merged.contact) !== JSON.stringify(view.contact) ? (['contact'] as const) : []),
  ];
  const environments = named.flatMap((env) => {
    const after = merged.environments[env] ?? {};
    const endpoint = after.endpoint !== view.environments[env]?.endpoint ? after.endpoint : undefined;
    const auth = envPatch[env]?.['auth'] !== undefined ? after.auth : undefined;
    if (endpoint === undefined && auth === undefined) return [];
    return [{ env, ...(endpoint !== undefined ? { endpoint } : {}), ...(auth ? { auth } : {}) }];
  });
  // What the bus would refuse (reserved header names, a token URL at a metadata address): 422 here.
  const refused = environments.flatMap((e) => (e.auth ? authProblems(e.env, e.auth) : []));
  if (refused.length > 0)
    throw new HttpProblem(422, 'validation', 'The credentials cannot be used; nothing was changed.', {
      errors: refused,
    });
  return { general, merged, environments };
}

type Undo = () => Promise<void>;

/** A step that failed, with the member of the patch it was applying (RFC 6901). */
class StepFailure extends Error {
  constructor(
    readonly pointer: string,
    readonly error: unknown,
  ) {
    super(`step ${pointer} failed`);
  }
}

async function step<T>(pointer: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new StepFailure(pointer, error);
  }
}

/** Applies a plan as one unit; on failure puts every part back and throws what to answer. */
export async function applyPartnerChange(
  partner: string,
  plan: PartnerChangePlan,
  ctx: OperationContext,
): Promise<void> {
  const undo: Undo[] = [];
  try {
    for (const change of plan.environments) {
      const where = `/environments/${change.env}`;
      const before = await step(where, () => ctx.settings.capture(partner, change.env));
      if (change.endpoint !== undefined) {
        const endpoint = change.endpoint;
        await step(`${where}/endpoint`, () => ctx.settings.setEndpoint(partner, change.env, endpoint));
        undo.push(() =>
          ctx.settings.restore(partner, change.env, {
            ...(before.endpoint ? { endpoint: before.endpoint } : {}),
          }),
        );
      }
      if (change.auth !== undefined) {
        const auth = change.auth;
        await step(`${where}/auth`, () => ctx.settings.setAuth(partner, change.env, auth));
        undo.push(() =>
          ctx.settings.restore(partner, change.env, {
            ...(before.connection ? { connection: before.connection } : {}),
          }),
        );
      }
    }
    const stored: StoredPatch = {
      ...(plan.general.includes('name') ? { name: plan.merged.name } : {}),
      ...(plan.general.includes('contact') ? { contact: plan.merged.contact } : {}),
      ...(plan.environments.length > 0
        ? {
            environments: Object.fromEntries(
              plan.environments.map((c) => [
                c.env,
                {
                  ...(c.endpoint !== undefined ? { endpoint: c.endpoint } : {}),
                  ...(c.auth ? { auth_type: c.auth.type } : {}),
                },
              ]),
            ),
          }
        : {}),
    };
    if (Object.keys(stored).length > 0) {
      const before = await step('', () => ctx.partners.change(partner, stored));
      undo.push(() => ctx.partners.restore(partner, before));
    }
    const events = announcements(partner, plan, ctx.now().toISOString());
    if (events.length > 0) await step('', () => ctx.publisher.putAll(events));
  } catch (failure) {
    for (const u of undo.reverse()) {
      try {
        await u();
      } catch (error) {
        ctx.log.error(
          { err: error, partner },
          'partner change: an undo failed; that part keeps the new value',
        );
      }
    }
    if (!(failure instanceof StepFailure)) throw failure;
    // The bus refused a value (EventBridge's ValidationException): the partner's input is at fault.
    if ((failure.error as { name?: string } | undefined)?.name === 'ValidationException') {
      throw new HttpProblem(422, 'validation', 'The bus refused this change; nothing was changed.', {
        errors: [{ pointer: failure.pointer, message: (failure.error as Error).message }],
      });
    }
    throw failure.error;
  }
}

function announcements(partner: string, plan: PartnerChangePlan, changedAt: string) {
  const detail = (fields: string[], environment?: Environment) => ({
    source: 'com.marketplace.partners',
    detailType: 'partner details changed',
    detail: {
      partner_id: partner,
      changed_fields: fields,
      ...(environment ? { environment } : {}),
      changed_at: changedAt,
    },
  });
  return [
    ...(plan.general.length > 0 ? [detail([...plan.general])] : []),
    ...plan.environments.map((c) =>
      detail([...(c.endpoint !== undefined ? ['endpoint'] : []), ...(c.auth ? ['auth'] : [])], c.env),
    ),
  ];
}
