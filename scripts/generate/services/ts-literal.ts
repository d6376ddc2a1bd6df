// TypeScript spellings shared by the service generators.
export function camelCase(name: string): string {
  return name
    .replace(/[-_ ]+([a-z0-9])/gi, (_m, c: string) => c.toUpperCase())
    .replace(/^[A-Z]/, (c) => c.toLowerCase());
}

export function pascalCase(name: string): string {
  const camel = camelCase(name);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

/** A property key: bare when it is an identifier, quoted otherwise (`'Idempotency-Key'`). */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/** The component name a local `$ref` to `#/components/schemas/<Name>` points at, if that is what it is. */
export function componentName(schema: unknown): string | undefined {
  const ref = (schema as { $ref?: unknown } | undefined)?.$ref;
  return typeof ref === 'string' ? /^#\/components\/schemas\/([^/]+)$/.exec(ref)?.[1] : undefined;
}
