// The local EventBridge Schemas API: mount `createSchemasHandler(db)` on the bus at `SCHEMAS_PREFIX`.
export { createSchemasHandler, SCHEMAS_PREFIX, type SchemasIdentity } from './schemas-handler.ts';
export { SchemaStore } from './schema-store.ts';
