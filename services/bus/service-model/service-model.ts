import { readFileSync } from 'node:fs';

/**
 * Amazon EventBridge's published service model (botocore's `service-2.json`, see README.md here for its
 * origin and licence), read once. Only the parts the request checks use are typed.
 */
export interface MemberRef {
  readonly shape: string;
}

export interface Shape {
  readonly type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'timestamp';
  readonly members?: Readonly<Record<string, MemberRef>>;
  readonly required?: readonly string[];
  readonly member?: MemberRef;
  readonly key?: MemberRef;
  readonly value?: MemberRef;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  readonly sensitive?: boolean;
}

interface ServiceModel {
  readonly operations: Readonly<Record<string, { readonly input?: MemberRef }>>;
  readonly shapes: Readonly<Record<string, Shape>>;
}

const model = JSON.parse(
  readFileSync(new URL('./events-2015-10-07.json', import.meta.url), 'utf8'),
) as ServiceModel;

export function shapeOf(name: string): Shape {
  const shape = model.shapes[name];
  if (!shape) throw new Error(`The service model has no shape ${name}`);
  return shape;
}

/** The name of an operation's input shape, or undefined for an operation the model does not have. */
export function inputShapeNameOf(operation: string): string | undefined {
  return Object.hasOwn(model.operations, operation) ? model.operations[operation]?.input?.shape : undefined;
}

const patterns = new Map<string, RegExp>();

/**
 * A model pattern as a whole-value matcher: the service checks with Java's `Matcher.matches()`, which
 * must consume the whole string, so the pattern is anchored here. `\p{…}` classes need the `u` flag;
 * the other patterns use escapes (`\-`, `\_`) that the `u` flag refuses, so they compile without it.
 */
export function patternMatcher(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`, pattern.includes('\\p{') ? 'u' : '');
    patterns.set(pattern, re);
  }
  return re;
}
