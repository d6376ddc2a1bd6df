// The toolkit's view of a loaded catalogue: what the loaders read and the checks and generators
// use. It is richer than the runtime's `CatalogModel` (it keeps schemas and source files); the
// runtime model is derived from it by `build-catalog-model.ts`.
import type { SourceFile } from './source-file.ts';

export type JsonSchema = Record<string, unknown>;

export interface EventDefinition {
  /** The AsyncAPI message id (its key under `components.messages`), e.g. `RequestCreated`. */
  readonly name: string;
  readonly source: string;
  readonly detailType: string;
  /** Name of the detail schema: the component schema's name, else `<name>Detail`. */
  readonly schemaId: string;
  readonly schema: JsonSchema;
  readonly pointer: string;
}

export interface ApiOperation {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly requestBodySchema?: JsonSchema;
  readonly pointer: string;
}

export interface ApiDefinition {
  /** File stem: `marketplace-api`, `partner-webhook`. */
  readonly name: string;
  readonly file: string;
  /** `components.schemas`, dereferenced. */
  readonly schemas: Readonly<Record<string, JsonSchema>>;
  /** `components.schemas` as written, local `$ref`s kept (for named generated types). */
  readonly rawSchemas: Readonly<Record<string, JsonSchema>>;
  readonly operations: readonly ApiOperation[];
  /** The document as written (local `$ref`s kept): the route table's schema pointers point into it. */
  readonly document: Readonly<Record<string, unknown>>;
}

export interface SecretRef {
  env: string;
}

export type AuthDeclaration =
  | { type: 'api_key'; header: string; value: SecretRef }
  | { type: 'basic'; username: SecretRef; password: SecretRef }
  | {
      type: 'oauth_client_credentials';
      token_url: string;
      client_id: SecretRef;
      client_secret: SecretRef;
      scope?: string;
    };

export interface EnvironmentDeclaration {
  endpoint?: string;
  auth?: AuthDeclaration;
  retry: { maximum_retry_attempts: number; maximum_event_age_seconds: number };
  rate_limit_per_second: number;
  /** This environment's own signing secret; else derived from the partner's (install-catalog-rules.ts). */
  webhook_secret?: SecretRef;
  /** Exists only on the local stack: may use http and loopback; left out of the SAM template. */
  local_only?: boolean;
}

export interface FulfilsDeclaration {
  request_types: string[];
  countries?: string[];
  currencies?: string[];
  amount?: { min?: number; max?: number };
  pattern?: Record<string, unknown>;
}

export const ENVIRONMENTS = ['prod', 'test'] as const;
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

/** A partner file as written (snake_case), after it passed partner-file.schema.json. */
export interface PartnerDeclaration {
  id: string;
  name: string;
  contact: Record<string, string>;
  delivery: 'webhook' | 'poll';
  fulfils: FulfilsDeclaration;
  webhook_secret?: SecretRef;
  environments: Record<EnvironmentName, EnvironmentDeclaration>;
}

export interface PartnerEntry {
  readonly source: SourceFile;
  readonly declaration: PartnerDeclaration;
}

export interface AsyncApiOperation {
  readonly id: string;
  readonly pointer: string;
}

export interface Catalogue {
  readonly asyncapi?: SourceFile;
  readonly events: readonly EventDefinition[];
  readonly asyncapiOperations: readonly AsyncApiOperation[];
  readonly apis: readonly ApiDefinition[];
  readonly partners: readonly PartnerEntry[];
}
