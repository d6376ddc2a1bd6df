// Calls from the Marketplace API's thread to the bus's thread (api-thread.ts, api-thread-main.ts).
// A call names an object the bus's thread exposes and one of its methods; its arguments and answer
// cross by structured clone. Errors cross as data and are rebuilt as the classes the API's handlers
// tell apart (HttpProblem answers as itself, CursorError as a bad cursor), anything else as an Error.
import { HttpProblem } from '../api-gateway/problem.ts';
import { CursorError as DeliveryCursorError } from '../delivery/partner-delivery-log.ts';
import { CursorError as RequestCursorError } from '../request-store/request-store.ts';

export interface RpcCall {
  kind: 'call';
  id: number;
  target: string;
  method: string;
  args: unknown[];
}

export type WireError =
  | { kind: 'problem'; status: number; slug: string; message: string; extra: HttpProblem['extra'] }
  | { kind: 'request-cursor' | 'delivery-cursor'; message: string }
  | { kind: 'error'; name: string; message: string };

export type RpcReply = { kind: 'reply'; id: number } & (
  { ok: true; value: unknown } | { ok: false; error: WireError }
);

export function toWire(error: unknown): WireError {
  if (error instanceof HttpProblem)
    return {
      kind: 'problem',
      status: error.status,
      slug: error.slug,
      message: error.message,
      extra: error.extra,
    };
  if (error instanceof RequestCursorError) return { kind: 'request-cursor', message: error.message };
  if (error instanceof DeliveryCursorError) return { kind: 'delivery-cursor', message: error.message };
  const e = error instanceof Error ? error : new Error(String(error));
  return { kind: 'error', name: e.name, message: e.message };
}

export function fromWire(wire: WireError): Error {
  if (wire.kind === 'problem') return new HttpProblem(wire.status, wire.slug, wire.message, wire.extra);
  if (wire.kind === 'request-cursor') return new RequestCursorError(wire.message);
  if (wire.kind === 'delivery-cursor') return new DeliveryCursorError(wire.message);
  const e = new Error(wire.message);
  if (wire.kind === 'error') e.name = wire.name;
  return e;
}

/** The bus's side: answers each call with the named object's method. */
export async function answer(targets: Readonly<Record<string, object>>, call: RpcCall): Promise<RpcReply> {
  try {
    const target = targets[call.target] as Record<string, unknown> | undefined;
    const method = target?.[call.method];
    if (typeof method !== 'function') throw new Error(`no ${call.target}.${call.method} to call`);
    const value: unknown = await (method as (...a: unknown[]) => unknown).apply(target, call.args);
    return { kind: 'reply', id: call.id, ok: true, value };
  } catch (error) {
    return { kind: 'reply', id: call.id, ok: false, error: toWire(error) };
  }
}

/** The API's side: sends calls and settles each when its reply comes back. */
export class RpcClient {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  constructor(private readonly send: (call: RpcCall) => void) {}

  call<T>(target: string, method: string, args: unknown[]): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.send({ kind: 'call', id, target, method, args });
    });
  }

  settle(reply: RpcReply): void {
    const w = this.waiting.get(reply.id);
    if (!w) return;
    this.waiting.delete(reply.id);
    if (reply.ok) w.resolve(reply.value);
    else w.reject(fromWire(reply.error));
  }

  /** An object whose every named method is a call to `target` in the bus's thread. */
  remote<T extends object>(target: string, methods: readonly (keyof T & string)[]): T {
    return Object.fromEntries(
      methods.map((m) => [m, (...args: unknown[]) => this.call(target, m, args)]),
    ) as T;
  }
}
