// The sender thread (sender-thread.ts starts it): owns the partners' undici pools, behind the outbound
// guard, and performs each HTTP exchange it is handed. Results go back in batches, one message per
// turn of this thread's event loop, however many exchanges ended in it.
import { parentPort, workerData } from 'node:worker_threads';
import { PoolSender, type PoolSettings } from './pool-sender.ts';
import {
  sendErrorToWire,
  type FromSenderThread,
  type ToSenderThread,
  type WireResult,
  type WireSend,
} from './sender-wire.ts';

const port = parentPort!;
const sender = new PoolSender(workerData as PoolSettings);
let outbox: WireResult[] = [];
let flushing = false;

function post(message: FromSenderThread): void {
  port.postMessage(message);
}

function flush(): void {
  flushing = false;
  if (outbox.length === 0) return;
  const results = outbox;
  outbox = [];
  post({ kind: 'results', results });
}

function reply(result: WireResult): void {
  outbox.push(result);
  if (!flushing) {
    flushing = true;
    setImmediate(flush);
  }
}

function start(s: WireSend): void {
  sender.send(s.origin, s).then(
    (res) => {
      const headers: Record<string, string> = {};
      for (const name of s.responseHeaders) {
        const value = res.header(name);
        if (value !== undefined) headers[name] = value;
      }
      reply({ id: s.id, ok: true, status: res.status, headers, snippet: res.snippet });
    },
    (error: unknown) => reply({ id: s.id, ok: false, error: sendErrorToWire(error) }),
  );
}

port.on('message', (m: ToSenderThread) => {
  if (m.kind === 'send') for (const s of m.sends) start(s);
  else
    // Pools finish the exchanges in flight before they close; their results go out before `closed`.
    void sender.close().then(() => {
      flush();
      post({ kind: 'closed' });
    });
});
post({ kind: 'ready' });
