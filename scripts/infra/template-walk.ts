// Reading a CloudFormation template as data: its resources, and every value under a node with the
// path that leads to it, so that each policy check can say where it found what.
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Template {
  Parameters?: JsonObject;
  Conditions?: JsonObject;
  Resources?: { [logicalId: string]: TemplateResource };
  Outputs?: JsonObject;
  [section: string]: unknown;
}

export interface TemplateResource {
  Type: string;
  Properties?: JsonObject;
  DependsOn?: string | string[];
  Condition?: string;
  [key: string]: Json | undefined;
}

/** A policy check's finding: `Resources/PartnerAcmeRule/Properties/Targets/0  has no RetryPolicy`. */
export interface Finding {
  check: string;
  at: string;
  message: string;
}

export const formatFinding = (f: Finding): string => `${f.at}  ${f.message} [${f.check}]`;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function resources(template: Template): [string, TemplateResource][] {
  return Object.entries(template.Resources ?? {});
}

/** Every node under `value`, depth first, with its path (`a/b/0/c`). */
export function* walk(value: Json | undefined, path: string): Generator<[Json, string]> {
  if (value === undefined) return;
  yield [value, path];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* walk(value[i], `${path}/${i}`);
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) yield* walk(child, `${path}/${key}`);
  }
}

/** The leaves a value may take, looking through `Fn::If` branches (both are deployable). */
export function alternatives(value: Json | undefined): Json[] {
  if (isObject(value) && Array.isArray(value['Fn::If'])) {
    const [, whenTrue, whenFalse] = value['Fn::If'];
    return [...alternatives(whenTrue), ...alternatives(whenFalse)];
  }
  return value === undefined ? [] : [value];
}

export const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
