import { isDeepStrictEqual } from 'node:util';

export interface Reconciled<T> {
  /** What the resource should hold now. */
  value: T;
  /** Fields that keep a value changed through the API, because the catalogue did not change them. */
  kept: (keyof T & string)[];
}

/**
 * Merges what the catalogue asks for (`desired`) into what a resource holds (`current`), knowing what
 * the catalogue installed last time (`installed`). A field the catalogue changed since is taken from
 * the catalogue; any other field keeps its current value, which may have been changed through the
 * API. With no current resource or no record of the last install (a database from before records were
 * kept), the catalogue's values are taken whole. Pure.
 *
 * Worked example: installed `{ endpoint: A, rate: 20 }`, the partner moved the endpoint to B through
 * self-service, the catalogue now says `{ endpoint: A, rate: 10 }`: the result is `{ endpoint: B, rate: 10 }`.
 */
export function reconcileFields<T extends Record<string, unknown>>(
  desired: T,
  current: T | undefined,
  installed: Record<string, unknown> | undefined,
): Reconciled<T> {
  if (!current || !installed) return { value: desired, kept: [] };
  const value = { ...desired };
  const kept: (keyof T & string)[] = [];
  for (const key of Object.keys(desired) as (keyof T & string)[]) {
    if (!isDeepStrictEqual(installed[key], desired[key])) continue;
    value[key] = current[key];
    if (!isDeepStrictEqual(current[key], desired[key])) kept.push(key);
  }
  return { value, kept };
}
