import { shapeOf, type Shape } from '../service-model/service-model.ts';

/**
 * A request value written the way AWS's validation messages write it: the service quotes the Java
 * `toString()` of the deserialized request object. Recorded example (PutEvents with 11 entries):
 * `Value '[PutEventsRequestEntry(time=null, source=core.update-account-command, resources=null, ...)]' at
 * 'entries'`. Lists are `[a, b]`, maps `{k=v}`, structures `ShapeName(member=value, ...)` with every member of
 * the model in its order and `null` for those not given.
 */
export function javaValue(value: unknown, shapeName: string): string {
  return render(value, shapeName, shapeOf(shapeName));
}

function render(value: unknown, name: string, shape: Shape): string {
  if (value === undefined || value === null) return 'null';
  if (shape.sensitive) return '*** Sensitive Data Redacted ***';
  switch (shape.type) {
    case 'list': {
      const member = shape.member!.shape;
      return Array.isArray(value) ? `[${value.map((v) => javaValue(v, member)).join(', ')}]` : String(value);
    }
    case 'map': {
      const entries = Object.entries(value as Record<string, unknown>);
      return `{${entries.map(([k, v]) => `${k}=${javaValue(v, shape.value!.shape)}`).join(', ')}}`;
    }
    case 'structure': {
      const given = value as Record<string, unknown>;
      const members = Object.entries(shape.members ?? {}).map(
        ([member, ref]) => `${lowerFirst(member)}=${javaValue(given[member], ref.shape)}`,
      );
      return `${name}(${members.join(', ')})`;
    }
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** Member names in messages and paths are the Java field names: `EventBusName` is `eventBusName`. */
export const lowerFirst = (member: string): string => member.charAt(0).toLowerCase() + member.slice(1);
