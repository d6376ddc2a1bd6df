import { validationError } from '../server/aws-error.ts';
import { inputShapeNameOf, patternMatcher, shapeOf, type Shape } from '../service-model/service-model.ts';
import { javaValue, lowerFirst } from './java-value.ts';
import { checkWireType, checkWireTypes } from './wire-type.ts';

/**
 * Checks a decoded request against the operation's input shape in EventBridge's service model, the way
 * the service does before any operation runs:
 * 1. a JSON value of the wrong kind is a SerializationException (wire-type.ts), the first one wins;
 * 2. every constraint the value breaks (`required`, `min`, `max`, `pattern`, `enum`) is collected, members
 *    in the model's order, depth first, and all are answered in one ValidationException:
 *    `1 validation error detected: Value 'x' at 'targets.1.member.id' failed to satisfy constraint: Member
 *    must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+`, or `3 validation errors detected: …; …; …`.
 *
 * The wording is AWS's (recorded answers of EventBridge, e.g. CreateConnection with a 65-character name
 * holding spaces and AuthorizationType INVALID: "3 validation errors detected: Value '…' at 'name' failed
 * to satisfy constraint: Member must have length less than or equal to 64; Value '…' at 'name' failed to
 * satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+; Value 'INVALID' at
 * 'authorizationType' failed to satisfy constraint: Member must satisfy enum value set: [BASIC,
 * OAUTH_CLIENT_CREDENTIALS, API_KEY]"). JSON null is the same as a member left out.
 */
export function validateRequest(operation: string, input: unknown): void {
  const shapeName = inputShapeNameOf(operation);
  if (!shapeName) return;
  // The whole request is deserialized before any constraint is checked, as the service does: a value of
  // the wrong kind anywhere is the SerializationException, and no message ever renders one (a list past
  // its `max` holding an array nested 50,000 levels once overflowed the stack while being quoted).
  checkWireTypes(input, shapeName);
  const errors: string[] = [];
  visit(input, shapeName, '', errors);
  if (errors.length === 0) return;
  const count =
    errors.length === 1 ? '1 validation error detected' : `${errors.length} validation errors detected`;
  throw validationError(`${count}: ${errors.join('; ')}`);
}

function visit(value: unknown, shapeName: string, path: string, errors: string[]): void {
  const shape = shapeOf(shapeName);
  checkWireType(value, shape);
  const fail = (constraint: string): void => {
    errors.push(
      `${valueText(value, shapeName, shape)} at '${path}' failed to satisfy constraint: ${constraint}`,
    );
  };
  switch (shape.type) {
    case 'structure': {
      const given = value as Record<string, unknown>;
      for (const [member, ref] of Object.entries(shape.members ?? {})) {
        const memberPath = path ? `${path}.${lowerFirst(member)}` : lowerFirst(member);
        const v = given[member];
        if (v === undefined || v === null) {
          if (shape.required?.includes(member)) {
            errors.push(
              `Value null at '${memberPath}' failed to satisfy constraint: Member must not be null`,
            );
          }
        } else visit(v, ref.shape, memberPath, errors);
      }
      return;
    }
    case 'list': {
      const items = value as unknown[];
      sizeViolations(items.length, shape, 'length').forEach(fail);
      const member = shape.member!.shape;
      const memberShape = shapeOf(member);
      if (isScalar(memberShape)) {
        // A list of constrained scalars is reported once, for the whole list, with every constraint of its
        // member shape: "Member must satisfy constraint: [Member must have length less than or equal to 64, …]".
        const present = items.filter((v) => v !== null && v !== undefined);
        present.forEach((v) => checkWireType(v, memberShape));
        if (present.some((v) => scalarViolations(v, memberShape).length > 0)) {
          fail(`Member must satisfy constraint: [${allConstraints(memberShape).join(', ')}]`);
        }
      } else items.forEach((v, i) => v !== null && visit(v, member, `${path}.${i + 1}.member`, errors));
      return;
    }
    case 'map': {
      const entries = Object.entries(value as Record<string, unknown>);
      sizeViolations(entries.length, shape, 'length').forEach(fail);
      const keyShape = shapeOf(shape.key!.shape);
      const valueShape = shapeOf(shape.value!.shape);
      if (entries.some(([k]) => scalarViolations(k, keyShape).length > 0)) {
        fail(`Map keys must satisfy constraint: [${allConstraints(keyShape).join(', ')}]`);
      }
      entries.forEach(([, v]) => v !== null && checkWireType(v, valueShape));
      if (entries.some(([, v]) => v !== null && scalarViolations(v, valueShape).length > 0)) {
        fail(`Map value must satisfy constraint: [${allConstraints(valueShape).join(', ')}]`);
      }
      return;
    }
    default:
      scalarViolations(value, shape).forEach(fail);
  }
}

const isScalar = (shape: Shape): boolean =>
  shape.type !== 'structure' && shape.type !== 'list' && shape.type !== 'map';

/** Sensitive values are left out of the message, as AWS does ("Value at 'x' failed to satisfy …"). */
function valueText(value: unknown, shapeName: string, shape: Shape): string {
  if (shape.sensitive) return 'Value';
  return `Value '${javaValue(value, shapeName)}'`;
}

function sizeViolations(size: number, shape: Shape, what: 'length' | 'value'): string[] {
  const out: string[] = [];
  if (shape.max !== undefined && size > shape.max)
    out.push(`Member must have ${what} less than or equal to ${shape.max}`);
  if (shape.min !== undefined && size < shape.min)
    out.push(`Member must have ${what} greater than or equal to ${shape.min}`);
  return out;
}

/** The constraints a scalar breaks, in the order AWS lists them: length or value, then pattern, then enum. */
function scalarViolations(value: unknown, shape: Shape): string[] {
  if (shape.type === 'integer' || shape.type === 'long')
    return sizeViolations(value as number, shape, 'value');
  if (shape.type !== 'string') return [];
  const text = value as string;
  const out = sizeViolations(text.length, shape, 'length');
  if (shape.pattern !== undefined && !patternMatcher(shape.pattern).test(text)) {
    out.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
  }
  if (shape.enum && !shape.enum.includes(text))
    out.push(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
  return out;
}

/** Every constraint of a shape, in the same order, for the bracketed list-member and map-key forms. */
function allConstraints(shape: Shape): string[] {
  const what = shape.type === 'string' ? 'length' : 'value';
  const out: string[] = [];
  if (shape.max !== undefined) out.push(`Member must have ${what} less than or equal to ${shape.max}`);
  if (shape.min !== undefined) out.push(`Member must have ${what} greater than or equal to ${shape.min}`);
  if (shape.pattern !== undefined)
    out.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
  if (shape.enum) out.push(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
  return out;
}
