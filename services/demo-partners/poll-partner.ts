// A demo partner that hosts no API: it polls the Marketplace API for its new requests
// (GET /requests?status=new), takes each one (in-progress), then answers it (accepted, or declined
// when it cannot serve the country), with an Idempotency-Key per decision so a retried POST is safe.
export interface PollPartnerOptions {
  id: string;
  /** The Marketplace API's base URL, e.g. http://127.0.0.1:4010/api */
  apiUrl: string;
  apiKey: string;
  intervalMs?: number;
  decide?: (request: Record<string, unknown>) => { status: 'accepted' | 'declined'; reason?: string };
  onStatus?: (requestId: string, status: string) => void;
  onError?: (error: Error) => void;
}

export interface RunningPoller {
  id: string;
  pollOnce(): Promise<number>;
  close(): Promise<void>;
}

export function startPollPartner(opts: PollPartnerOptions): RunningPoller {
  const decide: NonNullable<PollPartnerOptions['decide']> = opts.decide ?? (() => ({ status: 'accepted' }));
  let running: Promise<number> | undefined;

  async function post(requestId: string, status: string, reason?: string): Promise<void> {
    const res = await fetch(`${opts.apiUrl}/requests/${requestId}/status`, {
      method: 'POST',
      headers: {
        'x-api-key': opts.apiKey,
        'content-type': 'application/json',
        'idempotency-key': `${opts.id}:${requestId}:${status}`,
      },
      body: JSON.stringify({ status, ...(reason ? { reason } : {}) }),
    });
    if (res.status !== 201 && res.status !== 200)
      throw new Error(
        `${opts.id}: POST status ${status} for ${requestId} answered ${res.status}: ${await res.text()}`,
      );
    opts.onStatus?.(requestId, status);
  }

  async function pollOnce(): Promise<number> {
    const res = await fetch(`${opts.apiUrl}/requests?status=new&limit=20`, {
      headers: { 'x-api-key': opts.apiKey },
    });
    if (!res.ok) throw new Error(`${opts.id}: GET /requests answered ${res.status}`);
    const page = (await res.json()) as { items: Record<string, unknown>[] };
    for (const request of page.items) {
      const id = String(request['request_id']);
      await post(id, 'in-progress');
      const decision = decide(request);
      await post(id, decision.status, decision.reason);
    }
    return page.items.length;
  }

  const tick = () => {
    running ??= pollOnce()
      .catch((error: Error) => (opts.onError?.(error), 0))
      .finally(() => (running = undefined));
  };
  const timer = setInterval(tick, opts.intervalMs ?? 1000);
  timer.unref();
  return {
    id: opts.id,
    pollOnce,
    close: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
