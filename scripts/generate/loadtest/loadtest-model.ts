// What the k6 generator and the Node runner read: the internal events with their examples and the
// variations allowed by their schemas, and the Marketplace API's partner operations. Declared here,
// narrowly, so that the generator is a pure function of exactly what it uses.
import type { CatalogModel } from '../../../generated/catalog-model.ts';
import type { Catalogue } from '../../catalog/catalogue.ts';
import { fromPointer } from '../../catalog/problem.ts';
import { variationsOf, type Variation } from './variations.ts';

export type { Variation } from './variations.ts';

export interface LoadtestEvent {
  /** The AsyncAPI message id, e.g. `RequestCreated`. */
  name: string;
  source: string;
  detailType: string;
  /** The message's example payloads, in document order: iteration i starts from example i mod n. */
  examples: Record<string, unknown>[];
  variations: Variation[];
}

export interface ApiCall {
  operationId: string;
  method: string;
  /** The path as written in the OpenAPI (`/requests/{requestId}`), below `basePath`. */
  path: string;
}

export interface LoadtestModel {
  bus: string;
  /** The event the routing rules match (the one users place). */
  routedEvent: { source: string; detailType: string };
  events: LoadtestEvent[];
  api: PartnerApi;
}

/** The partner calls of the Marketplace API. */
export interface PartnerApi {
  /** Where the Marketplace API is mounted (its OpenAPI server URL's path). */
  basePath: string;
  poll: ApiCall;
  read: ApiCall;
  postStatus: ApiCall;
  /** One status-update body per status the schema allows. */
  statusBodies: Record<string, unknown>[];
}

export const MARKETPLACE_API = 'marketplace-api';
const PARTNER_CALLS = { poll: 'listRequests', read: 'getRequest', postStatus: 'postRequestStatus' } as const;

/**
 * `basePath` is where the Marketplace API is mounted: the path of its OpenAPI `servers[0].url`
 * (`http://127.0.0.1:4010/api`), which the loaded catalogue does not keep, hence a parameter.
 */
export function loadtestModel(
  catalogue: Catalogue,
  model: CatalogModel,
  routedEvent: { source: string; detailType: string },
  basePath = '/api',
): LoadtestModel {
  const asyncapi = catalogue.asyncapi?.data;
  const events = catalogue.events.map((event) => {
    const message = at(asyncapi, event.pointer) as { examples?: { payload?: unknown }[] } | undefined;
    const examples = (message?.examples ?? [])
      .map((e) => e.payload)
      .filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null && !Array.isArray(p));
    if (examples.length === 0)
      throw new Error(`${event.pointer}: a load-tested event needs at least one example payload`);
    const routed = event.source === routedEvent.source && event.detailType === routedEvent.detailType;
    return {
      name: event.name,
      source: event.source,
      detailType: event.detailType,
      examples,
      variations: variationsOf(event.schema, examples, routed ? model.partners : []),
    };
  });
  const api = catalogue.apis.find((a) => a.name === MARKETPLACE_API);
  if (!api)
    throw new Error(`catalog/openapi/${MARKETPLACE_API}.yaml: not loaded; the partner scenarios need it`);
  const call = (operationId: string): ApiCall => {
    const op = api.operations.find((o) => o.operationId === operationId);
    if (!op) throw new Error(`${api.file}: no operation \`${operationId}\`; the partner scenarios call it`);
    return { operationId, method: op.method.toUpperCase(), path: op.path };
  };
  const postStatus = call(PARTNER_CALLS.postStatus);
  return {
    bus: model.bus,
    routedEvent: { ...routedEvent },
    events,
    api: {
      basePath,
      poll: call(PARTNER_CALLS.poll),
      read: call(PARTNER_CALLS.read),
      postStatus,
      statusBodies: statusBodies(
        api.operations.find((o) => o.operationId === PARTNER_CALLS.postStatus)?.requestBodySchema,
      ),
    },
  };
}

/** One body per status the schema allows (`StatusUpdateRequest.status`), in schema order. */
function statusBodies(schema: Record<string, unknown> | undefined): Record<string, unknown>[] {
  const status = (schema?.properties as Record<string, { enum?: unknown[] }> | undefined)?.status;
  const values = (status?.enum ?? []).filter((v): v is string => typeof v === 'string');
  if (values.length === 0)
    throw new Error('postRequestStatus: its request body has no `status` enum to draw statuses from');
  return values.map((value) => ({ status: value }));
}

/** The value at a JSON pointer (RFC 6901) in plain data, or undefined. */
export function at(data: unknown, pointer: string): unknown {
  let node = data;
  for (const segment of fromPointer(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}
