// Plain-text answers to "did partner X get request Y, and if not, why?" for `portico deliveries` and
// `portico dlq`. Pure functions of the delivery and its attempts.
import type { DeadLetterSummary } from './dead-letters.ts';
import type { Delivery, DeliveryAttempt } from './delivery-queue.ts';

/** `api-destination/acme-books-prod/0001` -> `acme-books-prod`; other ARNs shortened to their resource. */
export function targetName(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  const m = /^api-destination\/([^/]+)\//.exec(resource);
  return m?.[1] ?? (resource || arn);
}

export function ruleName(arn: string): string {
  return arn.split('/').at(-1) ?? arn;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** One line: what became of the delivery. */
export function verdict(d: Delivery): string {
  const tries = `${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`;
  const why = d.lastErrorCode ? `${d.lastErrorCode}: ${d.lastErrorMessage ?? ''}`.trim() : undefined;
  switch (d.status) {
    case 'succeeded':
      return `DELIVERED after ${tries}${d.lastStatus ? ` (partner answered ${d.lastStatus})` : ''}`;
    case 'pending':
      return d.attempts === 0
        ? `NOT YET: waiting for its first attempt (due ${iso(d.nextAttemptAt)})`
        : `NOT YET: retrying, ${tries} so far, next at ${iso(d.nextAttemptAt)}; last error ${why}`;
    case 'in-flight':
      return `SENDING: attempt ${d.attempts + 1} in progress`;
    case 'dead-lettered':
      return `NOT DELIVERED: dead-lettered after ${tries}${d.exhaustedCondition ? ` (${d.exhaustedCondition})` : ' (not retryable)'}; ${why}; message ${d.deadLetterMessageId} in ${d.deadLetterArn}`;
    case 'failed':
      return `NOT DELIVERED: failed after ${tries}${d.exhaustedCondition ? ` (${d.exhaustedCondition})` : ' (not retryable)'}; ${why}; no dead-letter queue, kept here`;
  }
}

export function formatDeliveryList(list: Delivery[]): string[] {
  if (list.length === 0) return ['No deliveries match.'];
  const rows = list.map((d) => [
    d.id,
    d.eventId,
    targetName(d.targetArn),
    d.status,
    String(d.attempts),
    d.lastErrorCode ?? '',
  ]);
  const head = ['DELIVERY', 'EVENT', 'TARGET', 'STATUS', 'ATTEMPTS', 'LAST ERROR'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows].map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}

export function formatDeliveryDetail(d: Delivery, attempts: DeliveryAttempt[]): string[] {
  const lines = [
    `${d.id}: event ${d.eventId} -> ${targetName(d.targetArn)}`,
    `  ${verdict(d)}`,
    `  rule ${ruleName(d.ruleArn)}, target ${d.targetId} (${d.targetArn})`,
    `  webhook-id ${d.webhookId}; accepted ${iso(d.eventTime)}; retry policy ${d.retryPolicy.maximumRetryAttempts} retries / ${d.retryPolicy.maximumEventAgeInSeconds} s`,
  ];
  if (d.replayName) lines.push(`  replay ${d.replayName}`);
  if (d.finalAttempt !== undefined) lines.push(`  redriven: attempt ${d.finalAttempt} is its last`);
  for (const a of attempts) {
    const result = a.outcome === 'succeeded' ? 'ok' : `${a.errorCode ?? ''} ${a.errorMessage ?? ''}`.trim();
    lines.push(`  #${a.attempt} ${iso(a.startedAt)} ${a.status ?? '---'} ${a.latencyMs} ms ${result}`);
    if (a.responseSnippet)
      lines.push(`     response: ${a.responseSnippet.replace(/\s+/g, ' ').slice(0, 160)}`);
  }
  return lines;
}

export function formatDeadLetters(list: DeadLetterSummary[]): string[] {
  if (list.length === 0) return ['No messages.'];
  return list.map(
    (m) =>
      `${m.id}  ${m.sentAt}  ${m.targetArn ? targetName(m.targetArn) : '?'}  ${m.errorCode ?? ''}` +
      `${m.exhaustedRetryCondition ? ` ${m.exhaustedRetryCondition}` : ''}  retries ${m.retryAttempts ?? '?'}`,
  );
}
