import { shapeOf, type Shape } from '../service-model/service-model.ts';

/**
 * How much of one value a message quotes. Past a list's `max` a value can be the whole 512 KiB request
 * body (170,000 entries took 2 s to render); realistic values (11 entries of a PutEvents) fit well within.
 */
export const MAX_QUOTED_VALUE_CHARS = 16 * 1024;

/**
 * A request value written the way AWS's validation messages write it: the service quotes the Java
 * `toString()` of the deserialized request object. Recorded example (PutEvents with 11 entries):
 * `Value '[PutEventsRequestEntry(time=null, source=core.update-account-command, resources=null, ...)]' at
 * 'entries'`. Lists are `[a, b]`, maps `{k=v}`, structures `ShapeName(member=value, ...)` with every member of
 * the model in its order and `null` for those not given. Cut with `...` past MAX_QUOTED_VALUE_CHARS.
 */
export function javaValue(value: unknown, shapeName: string): string {
  const budget = { left: MAX_QUOTED_VALUE_CHARS };
  const text = render(value, shapeName, shapeOf(shapeName), budget);
  return budget.left < 0 ? `${text.slice(0, MAX_QUOTED_VALUE_CHARS)}...` : text;
}

type Budget = { left: number };

/** Renders parts while the budget lasts: the work stays bounded whatever the value's size. */
function joined<T>(items: Iterable<T>, part: (item: T) => string, budget: Budget): string {
  const out: string[] = [];
  for (const item of items) {
    if (budget.left < 0) break;
    const text = part(item);
    budget.left -= text.length + 2;
    out.push(text);
  }
  return out.join(', ');
}

function render(value: unknown, name: string, shape: Shape, budget: Budget): string {
  if (value === undefined || value === null) return 'null';
  if (shape.sensitive) return '*** Sensitive Data Redacted ***';
  const inner = (v: unknown, shapeName: string) => render(v, shapeName, shapeOf(shapeName), budget);
  switch (shape.type) {
    case 'list': {
      const member = shape.member!.shape;
      return Array.isArray(value) ? `[${joined(value, (v) => inner(v, member), budget)}]` : String(value);
    }
    case 'map': {
      const entries = Object.entries(value as Record<string, unknown>);
      return `{${joined(entries, ([k, v]) => `${k}=${inner(v, shape.value!.shape)}`, budget)}}`;
    }
    case 'structure': {
      const given = value as Record<string, unknown>;
      const members = joined(
        Object.entries(shape.members ?? {}),
        ([member, ref]) => `${lowerFirst(member)}=${inner(given[member], ref.shape)}`,
        budget,
      );
      return `${name}(${members})`;
    }
    default: {
      const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
      return text.length > MAX_QUOTED_VALUE_CHARS ? text.slice(0, MAX_QUOTED_VALUE_CHARS + 1) : text;
    }
  }
}

/** Member names in messages and paths are the Java field names: `EventBusName` is `eventBusName`. */
export const lowerFirst = (member: string): string => member.charAt(0).toLowerCase() + member.slice(1);
