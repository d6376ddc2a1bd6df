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
  readonly path: string;
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

export function statusMatcher(value: number, status: string | readonly number[]): StatusMatcher {
  return { 'pact:matcher:type': 'statusCode', status, value };
}

/** `contracts/pacts/<consumer>-<provider>.json`, pact-js's own file naming. */
export function pactFileName(def: { consumer: string; provider: string }): string {
  return `${def.consumer}-${def.provider}.json`;
}
