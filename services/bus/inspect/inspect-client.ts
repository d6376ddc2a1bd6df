import { request } from 'undici';

/** What GET /_portico/events answers (inspect-endpoint.ts). */
export interface EventView {
  seq: number;
  id: string;
  bus: string;
  ingestedAt: string;
  source: string;
  detailType: string;
  /** Set on an event a replay sent through the bus again. */
  replayName?: string;
  /** Why the event went nowhere although PutEvents gave it an EventId (a bus that does not exist). */
  dropped?: string;
  routed: { rule: string; targetId: string; targetArn: string }[];
  deliveries?: {
    ruleArn: string;
    targetId: string;
    targetArn: string;
    status: string;
    attempts: number;
    lastErrorCode?: string;
  }[];
}

export class BusUnreachableError extends Error {}

export async function fetchView<T>(baseUrl: string, path: string): Promise<T> {
  let res;
  try {
    res = await request(new URL(path, baseUrl));
  } catch (error) {
    throw new BusUnreachableError(
      `No Portico bus answers at ${baseUrl} (${(error as Error).message}): start it with \`npm start\` or pass --url.`,
    );
  }
  const body = (await res.body.json()) as T & { message?: string };
  if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${body.message ?? ''}`.trim());
  return body;
}

/** One event and where it went, for the terminal: a header line, then one line a target. */
export function formatEvent(e: EventView): string[] {
  const replay = e.replayName ? `  (replay ${e.replayName})` : '';
  const lines = [`${e.ingestedAt}  ${e.bus}  ${e.source} / ${e.detailType}  ${e.id}${replay}`];
  if (e.dropped) lines.push(`    (dropped: ${e.dropped})`);
  else if (e.routed.length === 0) lines.push('    (matched no rule)');
  for (const r of e.routed) {
    const d = e.deliveries?.find((x) => x.targetId === r.targetId && x.ruleArn.endsWith(`/${r.rule}`));
    const state = d
      ? `${d.status}${d.attempts > 0 ? `, ${d.attempts} attempt(s)` : ''}${d.lastErrorCode ? `, ${d.lastErrorCode}` : ''}`
      : 'queued';
    lines.push(`    -> ${r.rule} : ${r.targetId} ${r.targetArn}  [${state}]`);
  }
  return lines;
}

export interface QueueView {
  name: string;
  arn: string;
  messages: number;
}

export function formatQueues(queues: QueueView[]): string[] {
  if (queues.length === 0) return ['(no local queues yet)'];
  const width = Math.max(...queues.map((q) => q.name.length), 4);
  return [
    `${'NAME'.padEnd(width)}  MESSAGES  ARN`,
    ...queues.map((q) => `${q.name.padEnd(width)}  ${String(q.messages).padStart(8)}  ${q.arn}`),
  ];
}
