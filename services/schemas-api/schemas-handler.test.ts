import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import {
  ConflictException,
  CreateRegistryCommand,
  CreateSchemaCommand,
  DeleteSchemaCommand,
  DescribeRegistryCommand,
  DescribeSchemaCommand,
  ListRegistriesCommand,
  ListSchemasCommand,
  ListSchemaVersionsCommand,
  NotFoundException,
  BadRequestException,
  SchemasClient,
  UpdateSchemaCommand,
} from '@aws-sdk/client-schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchemasHandler, SCHEMAS_PREFIX } from './index.ts';

// The real client against a bare node:http server that mounts the handler as the bus does.
let server: Server;
let client: SchemasClient;
beforeAll(async () => {
  const handler = createSchemasHandler(new Database(':memory:'));
  server = createServer((req, res) => {
    if (req.url?.startsWith(SCHEMAS_PREFIX)) void handler(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new SchemasClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const content = (title: string) =>
  JSON.stringify({ $schema: 'http://json-schema.org/draft-04/schema#', title, type: 'object' });

describe('local Schemas API with @aws-sdk/client-schemas', () => {
  it('creates, describes and lists a registry', async () => {
    const created = await client.send(
      new CreateRegistryCommand({ RegistryName: 'portico', Description: 'catalogue' }),
    );
    expect(created.RegistryArn).toBe('arn:aws:schemas:eu-west-1:000000000000:registry/portico');
    expect((await client.send(new DescribeRegistryCommand({ RegistryName: 'portico' }))).Description).toBe(
      'catalogue',
    );
    const list = await client.send(new ListRegistriesCommand({ RegistryNamePrefix: 'port' }));
    expect(list.Registries?.map((r) => r.RegistryName)).toEqual(['portico']);
  });

  it('creates a schema, versions it on change only, and describes any version', async () => {
    const name = 'com.marketplace.market@MarketplaceRequests';
    const v1 = await client.send(
      new CreateSchemaCommand({
        RegistryName: 'portico',
        SchemaName: name,
        Type: 'JSONSchemaDraft4',
        Content: content('a'),
      }),
    );
    expect(v1.SchemaVersion).toBe('1');
    expect(v1.LastModified).toBeInstanceOf(Date);
    const same = await client.send(
      new UpdateSchemaCommand({ RegistryName: 'portico', SchemaName: name, Content: content('a') }),
    );
    expect(same.SchemaVersion).toBe('1');
    const v2 = await client.send(
      new UpdateSchemaCommand({
        RegistryName: 'portico',
        SchemaName: name,
        Content: content('b'),
        Type: 'JSONSchemaDraft4',
      }),
    );
    expect(v2.SchemaVersion).toBe('2');
    const latest = await client.send(
      new DescribeSchemaCommand({ RegistryName: 'portico', SchemaName: name }),
    );
    expect([latest.SchemaVersion, JSON.parse(latest.Content!).title]).toEqual(['2', 'b']);
    const first = await client.send(
      new DescribeSchemaCommand({ RegistryName: 'portico', SchemaName: name, SchemaVersion: '1' }),
    );
    expect(JSON.parse(first.Content!).title).toBe('a');
    const versions = await client.send(
      new ListSchemaVersionsCommand({ RegistryName: 'portico', SchemaName: name }),
    );
    expect(versions.SchemaVersions?.map((v) => v.SchemaVersion)).toEqual(['1', '2']);
    const schemas = await client.send(new ListSchemasCommand({ RegistryName: 'portico' }));
    expect(schemas.Schemas?.map((s) => [s.SchemaName, s.VersionCount])).toEqual([[name, 2]]);
    await client.send(new DeleteSchemaCommand({ RegistryName: 'portico', SchemaName: name }));
    expect((await client.send(new ListSchemasCommand({ RegistryName: 'portico' }))).Schemas).toEqual([]);
  });

  it.each([
    [
      'a registry that exists',
      () => new CreateRegistryCommand({ RegistryName: 'portico' }),
      ConflictException,
    ],
    [
      'a registry that does not',
      () => new DescribeRegistryCommand({ RegistryName: 'nope' }),
      NotFoundException,
    ],
    [
      'a schema that does not',
      () => new DescribeSchemaCommand({ RegistryName: 'portico', SchemaName: 'nope' }),
      NotFoundException,
    ],
    [
      'content that is not JSON',
      () =>
        new CreateSchemaCommand({ RegistryName: 'portico', SchemaName: 'x', Type: 'OpenApi3', Content: '{' }),
      BadRequestException,
    ],
    [
      'an unknown type',
      () =>
        new CreateSchemaCommand({
          RegistryName: 'portico',
          SchemaName: 'x',
          Type: 'Avro' as never,
          Content: '{}',
        }),
      BadRequestException,
    ],
  ])('answers %s with the typed error', async (_name, command, type) => {
    await expect(client.send(command() as never)).rejects.toBeInstanceOf(type);
  });
});
