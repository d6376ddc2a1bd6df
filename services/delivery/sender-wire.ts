// What crosses between the delivery worker's thread and the sender thread (sender-thread.ts,
// sender-thread-main.ts): batches of sends one way, batches of results the other, by structured clone.
// An error crosses as data and is rebuilt as the class the invoker classifies (its classifyError):
// the guard's EndpointRefusedError, undici's timeout errors, or an error with the same code and message,
// so that every outcome is the one the in-thread sender gives.
import { errors as undiciErrors } from 'undici';
import type { SendOptions } from './http-send.ts';
import { EndpointRefusedError } from './outbound-guard.ts';
import { refusal } from './pool-sender.ts';

export type WireSend = SendOptions & { id: number; origin: string };

const timeouts = {
  HeadersTimeoutError: undiciErrors.HeadersTimeoutError,
  BodyTimeoutError: undiciErrors.BodyTimeoutError,
  ConnectTimeoutError: undiciErrors.ConnectTimeoutError,
} as const;

export type WireSendError =
  | { kind: 'refused'; message: string }
  | { kind: 'timeout'; name: keyof typeof timeouts; message: string }
  | { kind: 'other'; name: string; message: string; code?: string };

export type WireResult = { id: number } & (
  | { ok: true; status: number; headers: Record<string, string>; snippet: string }
  | { ok: false; error: WireSendError }
);

/** To the thread. */
export type ToSenderThread = { kind: 'send'; sends: WireSend[] } | { kind: 'close' };

/** From the thread. */
export type FromSenderThread =
  { kind: 'ready' } | { kind: 'results'; results: WireResult[] } | { kind: 'closed' };

export function sendErrorToWire(error: unknown): WireSendError {
  const refused = refusal(error);
  if (refused) return { kind: 'refused', message: refused.message };
  for (const [name, type] of Object.entries(timeouts))
    if (error instanceof type)
      return { kind: 'timeout', name: name as keyof typeof timeouts, message: error.message };
  const e: NodeJS.ErrnoException = error instanceof Error ? error : new Error(String(error));
  return { kind: 'other', name: e.name, message: e.message, ...(e.code ? { code: e.code } : {}) };
}

export function sendErrorFromWire(wire: WireSendError): Error {
  if (wire.kind === 'refused') return new EndpointRefusedError(wire.message);
  if (wire.kind === 'timeout') return new timeouts[wire.name](wire.message);
  const e = Object.assign(new Error(wire.message), wire.code ? { code: wire.code } : {});
  e.name = wire.name;
  return e;
}
