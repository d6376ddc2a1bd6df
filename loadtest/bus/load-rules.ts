// The bus load tests' workload: bus `load` with `rules` rules of varied shapes (one SQS target each), and the
// PutEvents batches they send.
import type { LocalBus } from '../../services/bus/local-bus.ts';

export function loadRules(bus: LocalBus, rules: number): void {
  bus.db.transaction(() => {
    bus.buses.create('load');
    for (let i = 0; i < rules; i++) {
      // Varied shapes, as the catalogue's rules are: exact values, prefixes, numeric ranges, $or.
      const pattern =
        i % 3 === 0
          ? { source: ['load'], detail: { customer: [`c${i}`] } }
          : i % 3 === 1
            ? {
                source: ['load'],
                detail: { customer: [`c${i}`], amount: [{ numeric: ['>=', 0, '<', 1000] }] },
              }
            : {
                source: ['load'],
                detail: { $or: [{ customer: [`c${i}`] }, { region: [{ prefix: `r${i}-` }] }] },
              };
      bus.rules.put({
        bus: 'load',
        name: `rule-${i}`,
        eventPattern: JSON.stringify(pattern),
        state: 'ENABLED',
        targets: [{ Id: 'q', Arn: `arn:aws:sqs:eu-west-1:000000000000:load-${i % 10}` }],
      });
    }
  })();
}

/** 200 PutEvents batches of 10 entries that those rules match, sent round-robin by the load tests. */
export function loadBatches(): {
  Source: string;
  DetailType: string;
  EventBusName: string;
  Detail: string;
}[][] {
  return Array.from({ length: 200 }, (_, b) =>
    Array.from({ length: 10 }, (_, k) => {
      const n = (b * 10 + k) % 1000;
      return {
        Source: 'load',
        DetailType: 'load event',
        EventBusName: 'load',
        Detail: JSON.stringify({ customer: `c${n}`, amount: n, region: `r${n}-x`, note: 'x'.repeat(200) }),
      };
    }),
  );
}
