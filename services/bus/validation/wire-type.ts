import { AwsError } from '../server/aws-error.ts';
import { shapeOf, type Shape } from '../service-model/service-model.ts';

/**
 * The first thing the service does with a JSON 1.1 body is deserialize it into the operation's typed
 * request; a JSON value of the wrong kind never reaches validation and is answered with a
 * SerializationException. Wordings recorded from AWS's Coral JSON reader (answers of DynamoDB, the same
 * server framework): "Start of list found where not expected", "Start of structure or map found where not
 * expected", "NUMBER_VALUE cannot be converted to String", "STRING_VALUE can not be converted to an
 * Integer". The remaining combinations follow the same two forms (see docs/local-bus.md).
 */
export function checkWireType(value: unknown, shape: Shape): void {
  const fail = (message: string): never => {
    throw new AwsError('SerializationException', message);
  };
  if (Array.isArray(value)) {
    if (shape.type !== 'list') fail('Start of list found where not expected');
    return;
  }
  if (typeof value === 'object' && value !== null) {
    if (shape.type !== 'structure' && shape.type !== 'map') {
      fail('Start of structure or map found where not expected');
    }
    return;
  }
  const token = tokenOf(value);
  switch (shape.type) {
    case 'string':
      if (typeof value !== 'string') fail(`${token} cannot be converted to String`);
      return;
    case 'integer':
    case 'long':
      if (typeof value !== 'number')
        fail(`${token} can not be converted to ${shape.type === 'integer' ? 'an Integer' : 'a Long'}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail(`${token} can not be converted to a Boolean`);
      return;
    case 'timestamp':
      // JSON 1.1 sends epoch seconds; an ISO 8601 string is also taken (older CLIs send one).
      if (typeof value === 'number' || (typeof value === 'string' && Number.isFinite(Date.parse(value))))
        return;
      return fail(`${token} can not be converted to a Timestamp`);
    case 'list':
      return fail(`${token} can not be converted to a List`);
    case 'map':
      return fail(`${token} can not be converted to a Map`);
    case 'structure':
      return fail(`${token} can not be converted to a Structure`);
  }
}

/**
 * checkWireType on a value and everything in it, following the model's shapes (so the recursion is as deep
 * as the model, a handful of levels, whatever the request's nesting: a wrong kind stops it).
 */
export function checkWireTypes(value: unknown, shapeName: string): void {
  if (value === null || value === undefined) return;
  const shape = shapeOf(shapeName);
  checkWireType(value, shape);
  if (shape.type === 'structure') {
    const given = value as Record<string, unknown>;
    for (const [member, ref] of Object.entries(shape.members ?? {})) checkWireTypes(given[member], ref.shape);
  } else if (shape.type === 'list') {
    for (const item of value as unknown[]) checkWireTypes(item, shape.member!.shape);
  } else if (shape.type === 'map') {
    for (const v of Object.values(value as Record<string, unknown>)) checkWireTypes(v, shape.value!.shape);
  }
}

function tokenOf(value: unknown): string {
  if (typeof value === 'string') return 'STRING_VALUE';
  if (typeof value === 'number') return 'NUMBER_VALUE';
  if (typeof value === 'boolean') return value ? 'TRUE_VALUE' : 'FALSE_VALUE';
  return 'NULL_VALUE';
}
