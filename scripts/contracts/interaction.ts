// A pact as plain data, before any library sees it: what the derivations produce and the
// producer hands to pact-js. Bodies and headers are templates holding pact-js matchers
// (`{ 'pact:matcher:type': ... }`), which are plain JSON too, so a derivation stays a pure
// function that tests can compare.

export interface ProviderState {
  readonly name: string;
  readonly params?: Record<string, string | number | boolean>;
}

/** Pact V4 status code matcher: `status` is a class (`success`) or a list of codes. */
export interface StatusMatcher {
  readonly 'pact:matcher:type': 'statusCode';
  readonly status: string | readonly number[];
  readonly value: number;
}

export interface HttpRequestTemplate {
  readonly method: string;
  /** A path, or a matcher whose generator takes it from a provider state's values (`fromState`). */
  readonly path: string | ProviderStateValue;
  readonly query?: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, unknown>>;
  readonly contentType?: string;
  readonly body?: unknown;
}

export interface HttpResponseTemplate {
  readonly status: number | StatusMatcher;
  readonly headers?: Readonly<Record<string, unknown>>;
  readonly contentType?: string;
  readonly body?: unknown;
}

export interface HttpInteraction {
  readonly description: string;
  readonly states: readonly ProviderState[];
  readonly comments?: readonly string[];
  readonly request: HttpRequestTemplate;
  readonly response: HttpResponseTemplate;
}

export interface HttpPactDefinition {
  readonly consumer: string;
  readonly provider: string;
  readonly interactions: readonly HttpInteraction[];
}

export interface MessageInteraction {
  readonly description: string;
  readonly states: readonly ProviderState[];
  readonly comments?: readonly string[];
  readonly contents: unknown;
  readonly metadata: Readonly<Record<string, string>>;
}

export interface MessagePactDefinition {
  readonly consumer: string;
  readonly provider: string;
  readonly messages: readonly MessageInteraction[];
}

/**
 * Pact V4 `ProviderState` generator: the verifier replaces the example with `expression`, whose
 * `${name}` parts are values the provider state's setup answered (a request it created, a signature
 * it made). The matcher (`matcher`, e.g. a regular expression) still says what any value must look like.
 */
export interface ProviderStateValue {
  readonly 'pact:matcher:type': string;
  readonly 'pact:generator:type': 'ProviderState';
  readonly expression: string;
  readonly value: string;
}

export function fromState(expression: string, example: string, matcher?: unknown): ProviderStateValue {
  const base =
    matcher !== null && typeof matcher === 'object' && 'pact:matcher:type' in matcher
      ? (matcher as Record<string, unknown>)
      : { 'pact:matcher:type': 'type' };
  return {
    ...base,
    'pact:matcher:type': String(base['pact:matcher:type']),
    'pact:generator:type': 'ProviderState',
    expression,
    value: example,
  };
}

/** The example a request template stands for: its path as the consumer sent it. */
export function examplePath(path: HttpRequestTemplate['path']): string {
  return typeof path === 'string' ? path : path.value;
}

export function statusMatcher(value: number, status: string | readonly number[]): StatusMatcher {
  return { 'pact:matcher:type': 'statusCode', status, value };
}

/** `contracts/pacts/<consumer>-<provider>.json`, pact-js's own file naming. */
export function pactFileName(def: { consumer: string; provider: string }): string {
  return `${def.consumer}-${def.provider}.json`;
}
