// The seam between the worker and whatever it delivers to (bus-delivery seam doc). The worker picks
// the first invoker whose canInvoke accepts the target ARN.

export type InvokeOutcome =
  | { kind: 'succeeded'; status?: number; latencyMs: number; responseSnippet?: string }
  | {
      kind: 'retryable';
      errorCode: string;
      errorMessage: string;
      status?: number;
      retryAfterMs?: number;
      latencyMs: number;
      responseSnippet?: string;
    }
  | {
      kind: 'failed';
      errorCode: string;
      errorMessage: string;
      status?: number;
      latencyMs: number;
      responseSnippet?: string;
    }; // not retried

export interface InvokeRequest {
  id: string;
  eventId: string;
  targetArn: string;
  body: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** The same on every attempt of one delivery: the partner's dedupe key. */
  webhookId: string;
}

export interface TargetInvoker {
  canInvoke(targetArn: string): boolean;
  invoke(delivery: InvokeRequest): Promise<InvokeOutcome>;
  /**
   * Optional (an addition to the seam, compatible with it): this target's lane limits, e.g. an API
   * destination's InvocationRateLimitPerSecond. Without it the worker's defaults apply.
   */
  limits?(targetArn: string): { ratePerSecond?: number | undefined; concurrency?: number | undefined };
}
