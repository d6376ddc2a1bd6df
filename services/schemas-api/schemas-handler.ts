// The part of the EventBridge Schemas API (REST-JSON, `/v1/registries/...`) that
// `@aws-sdk/client-schemas` needs to publish and read schemas: registries, schemas and versions.
// A handler the bus mounts on `/v1/registries`. Shapes and status codes follow the service model
// the client is generated from; timestamps are RFC 3339 strings, as the model's date-time format says.
// https://docs.aws.amazon.com/eventbridge/latest/schema-reference/registries-name-registryname-schemas-name-schemaname.html
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from 'better-sqlite3';
import { SchemaStore, type RegistryRow, type VersionRow } from './schema-store.ts';

export const SCHEMAS_PREFIX = '/v1/registries';
const SCHEMA_TYPES = new Set(['OpenApi3', 'JSONSchemaDraft4']);
const MAX_CONTENT = 100_000; // CreateSchema: Content, max 100000 characters.

export interface SchemasIdentity {
  region: string;
  accountId: string;
}

class SchemasError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function createSchemasHandler(
  db: Database,
  identity: SchemasIdentity = { region: 'eu-west-1', accountId: '000000000000' },
): Handler {
  const store = new SchemaStore(db);
  const arn = (kind: string, ...names: string[]) =>
    `arn:aws:schemas:${identity.region}:${identity.accountId}:${kind}/${names.join('/')}`;
  const registryOut = (r: RegistryRow) => ({
    RegistryName: r.name,
    RegistryArn: arn('registry', r.name),
    Description: r.description ?? undefined,
    Tags: {},
  });
  const versionOut = (v: VersionRow) => ({
    SchemaName: v.name,
    SchemaArn: arn('schema', v.registry, v.name),
    SchemaVersion: String(v.version),
    Type: v.type,
    Description: v.description ?? undefined,
    LastModified: isoDate(v.created),
    VersionCreatedDate: isoDate(v.created),
    Tags: {},
  });
  const needRegistry = (name: string) => {
    const registry = store.registry(name);
    if (!registry) throw new SchemasError(404, 'NotFoundException', `Registry ${name} does not exist.`);
    return registry;
  };
  const needSchema = (registry: string, name: string) => {
    needRegistry(registry);
    const versions = store.versions(registry, name);
    if (versions.length === 0)
      throw new SchemasError(
        404,
        'NotFoundException',
        `Schema ${name} does not exist in registry ${registry}.`,
      );
    return versions;
  };
  const schemaInput = (body: Record<string, unknown>, required: boolean) => {
    const content = body['Content'];
    const type = body['Type'];
    if (typeof content !== 'string' || content.length === 0 || content.length > MAX_CONTENT) {
      throw new SchemasError(
        400,
        'BadRequestException',
        `Content must be a string of 1 to ${MAX_CONTENT} characters.`,
      );
    }
    if ((required || type !== undefined) && !SCHEMA_TYPES.has(String(type))) {
      throw new SchemasError(
        400,
        'BadRequestException',
        `Type must be one of ${[...SCHEMA_TYPES].join(', ')}.`,
      );
    }
    try {
      JSON.parse(content);
    } catch {
      throw new SchemasError(400, 'BadRequestException', 'Content is not valid JSON.');
    }
    return {
      content,
      type: type as string | undefined,
      description: typeof body['Description'] === 'string' ? body['Description'] : null,
    };
  };

  const route = async (
    method: string,
    parts: string[],
    query: URLSearchParams,
    body: Record<string, unknown>,
  ): Promise<[number, unknown]> => {
    const now = Math.floor(Date.now() / 1000);
    // parts: [] | [name, R] | [name, R, 'schemas'] | [name, R, 'schemas', 'name', S] | [..., S, 'versions']
    if (parts.length === 0 && method === 'GET') {
      return [200, { Registries: store.registries(query.get('registryNamePrefix') ?? '').map(registryOut) }];
    }
    if (parts[0] !== 'name' || parts[1] === undefined)
      throw new SchemasError(404, 'NotFoundException', 'No such resource.');
    const registry = parts[1];
    if (parts.length === 2) {
      if (method === 'POST') {
        const description = typeof body['Description'] === 'string' ? body['Description'] : null;
        if (!store.createRegistry(registry, description, now))
          throw new SchemasError(409, 'ConflictException', `Registry ${registry} already exists.`);
        return [201, registryOut(needRegistry(registry))];
      }
      if (method === 'GET') return [200, registryOut(needRegistry(registry))];
      if (method === 'DELETE') {
        if (!store.deleteRegistry(registry))
          throw new SchemasError(404, 'NotFoundException', `Registry ${registry} does not exist.`);
        return [204, undefined];
      }
    }
    if (parts[2] === 'schemas' && parts.length === 3 && method === 'GET') {
      needRegistry(registry);
      const schemas = store.latest(registry, query.get('schemaNamePrefix') ?? '').map((v) => ({
        SchemaName: v.name,
        SchemaArn: arn('schema', registry, v.name),
        LastModified: isoDate(v.created),
        VersionCount: v.count,
        Tags: {},
      }));
      return [200, { Schemas: schemas }];
    }
    const schema = parts[2] === 'schemas' && parts[3] === 'name' ? parts[4] : undefined;
    if (schema !== undefined && parts.length === 5) {
      if (method === 'POST') {
        needRegistry(registry);
        if (store.versions(registry, schema).length > 0)
          throw new SchemasError(409, 'ConflictException', `Schema ${schema} already exists.`);
        const input = schemaInput(body, true);
        return [
          201,
          versionOut(
            store.putVersion({
              registry,
              name: schema,
              type: input.type!,
              content: input.content,
              description: input.description,
              created: now,
            }),
          ),
        ];
      }
      if (method === 'PUT') {
        const last = needSchema(registry, schema).at(-1)!;
        const input = schemaInput(body, false);
        const description = input.description ?? last.description;
        return [
          200,
          versionOut(
            store.putVersion({
              registry,
              name: schema,
              type: input.type ?? last.type,
              content: input.content,
              description,
              created: now,
            }),
          ),
        ];
      }
      if (method === 'GET') {
        const versions = needSchema(registry, schema);
        const wanted = query.get('schemaVersion');
        const version =
          wanted === null ? versions.at(-1)! : versions.find((v) => String(v.version) === wanted);
        if (!version)
          throw new SchemasError(
            404,
            'NotFoundException',
            `Version ${wanted} of schema ${schema} does not exist.`,
          );
        return [200, { ...versionOut(version), Content: version.content }];
      }
      if (method === 'DELETE') {
        needSchema(registry, schema);
        store.deleteSchema(registry, schema);
        return [204, undefined];
      }
    }
    if (schema !== undefined && parts.length === 6 && parts[5] === 'versions' && method === 'GET') {
      const versions = needSchema(registry, schema).map((v) => ({
        SchemaArn: arn('schema', registry, schema),
        SchemaName: schema,
        SchemaVersion: String(v.version),
        Type: v.type,
      }));
      return [200, { SchemaVersions: versions }];
    }
    throw new SchemasError(
      404,
      'NotFoundException',
      `${method} ${SCHEMAS_PREFIX}/${parts.join('/')} is not a Schemas API operation served locally.`,
    );
  };

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let status: number;
    let payload: unknown;
    try {
      const rest = url.pathname
        .slice(SCHEMAS_PREFIX.length)
        .split('/')
        .filter((p) => p !== '')
        .map(decodePathPart);
      const raw = await readText(req);
      let body: Record<string, unknown> = {};
      if (raw !== '') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          throw new SchemasError(400, 'BadRequestException', 'The request body is not JSON.');
        }
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
          throw new SchemasError(400, 'BadRequestException', 'The request body is not a JSON object.');
        body = parsed as Record<string, unknown>;
      }
      [status, payload] = await route(req.method ?? 'GET', rest, url.searchParams, body);
    } catch (error) {
      if (!(error instanceof SchemasError)) throw error;
      res.writeHead(error.status, { 'content-type': 'application/json', 'x-amzn-errortype': error.code });
      res.end(JSON.stringify({ Code: error.code, Message: error.message }));
      return;
    }
    if (payload === undefined) {
      res.writeHead(status).end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(payload));
  };
}

function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new SchemasError(
      400,
      'BadRequestException',
      `The path part ${part} is not valid percent-encoding.`,
    );
  }
}

const isoDate = (seconds: number): string => new Date(seconds * 1000).toISOString();

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
