import { isEventTime } from '../limits.ts';
import { validationError } from '../server/aws-error.ts';

/** The decoded JSON body of an EventBridge request (JSON 1.1: member names as in the API reference). */
export type Input = Record<string, unknown>;

// Messages follow AWS's constraint wording: "1 validation error detected: Value null at 'name' failed to
// satisfy constraint: Member must not be null".
const memberName = (key: string): string => key.charAt(0).toLowerCase() + key.slice(1);

export function requireString(input: Input, key: string): string {
  const value = input[key];
  if (typeof value !== 'string' || value.length === 0) {
    throw validationError(
      `1 validation error detected: Value ${value === undefined ? 'null' : JSON.stringify(value)} at '${memberName(key)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

export function optionalString(input: Input, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw validationError(
      `Value at '${memberName(key)}' failed to satisfy constraint: Member must be a string`,
    );
  }
  return value;
}

export function optionalNumber(input: Input, key: string): number | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw validationError(
      `Value at '${memberName(key)}' failed to satisfy constraint: Member must be a number`,
    );
  }
  return value;
}

export function optionalObject(input: Input, key: string): Input | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw validationError(
      `Value at '${memberName(key)}' failed to satisfy constraint: Member must be a structure`,
    );
  }
  return value as Input;
}

export function optionalArray(input: Input, key: string): unknown[] | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    throw validationError(
      `Value at '${memberName(key)}' failed to satisfy constraint: Member must be a list`,
    );
  }
  return value;
}

/** JSON 1.1 timestamps are epoch seconds; the CLI and older SDKs may also send ISO 8601 strings. */
export function optionalTime(input: Input, key: string): number | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : NaN;
  if (!isEventTime(ms)) {
    throw validationError(
      `Value at '${memberName(key)}' failed to satisfy constraint: Member must be a timestamp`,
    );
  }
  return ms;
}

/** Name rules of EventBridge resources: [\.\-_A-Za-z0-9]+, 1..64 characters. */
export function requireName(input: Input, key: string, max = 64): string {
  const name = requireString(input, key);
  if (name.length > max || !/^[.\-_A-Za-z0-9]+$/.test(name)) {
    throw validationError(
      `1 validation error detected: Value '${name}' at '${memberName(key)}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+ and have length less than or equal to ${max}`,
    );
  }
  return name;
}

/** Epoch seconds, the JSON 1.1 wire form of a timestamp. */
export const epochSeconds = (ms: number): number => ms / 1000;

/** Opaque pagination: the token is the offset of the next page. */
export function paginate<T>(items: T[], input: Input): { page: T[]; nextToken?: string } {
  const limit = Math.min(Math.max(optionalNumber(input, 'Limit') ?? 100, 1), 100);
  const token = optionalString(input, 'NextToken');
  const start = token ? Number.parseInt(Buffer.from(token, 'base64url').toString('utf8'), 10) : 0;
  if (!Number.isInteger(start) || start < 0) throw validationError('The NextToken is not valid.');
  const page = items.slice(start, start + limit);
  const next =
    start + limit < items.length ? Buffer.from(String(start + limit)).toString('base64url') : undefined;
  return next ? { page, nextToken: next } : { page };
}
