// Which partners a request is for, decided by the catalogue's generated routing rules (one per
// partner and environment, `portico-<partner>-<env>`) run through the pattern engine: routing stays
// data. These are the same patterns the bus's rules use, so the request store assigns a request to
// exactly the partners it is delivered to (and to poll partners, which get no delivery).
import { RuleMachine } from '../pattern/index.ts';
import type { Assignment, Environment } from './request-store.ts';

export interface RoutingRule {
  name: string;
  partner: string;
  environment: Environment;
  eventPattern: object;
}

export class PartnerAssignment {
  private readonly machine = new RuleMachine();
  private readonly byName = new Map<string, Assignment>();

  constructor(rules: readonly RoutingRule[]) {
    for (const rule of rules) {
      this.machine.add(rule.name, rule.eventPattern);
      this.byName.set(rule.name, { partner: rule.partner, environment: rule.environment });
    }
  }

  /** `event` is the whole EventBridge envelope, as the rules match it. Sorted, for stable output. */
  assign(event: object): Assignment[] {
    return this.machine
      .match(event)
      .map((name) => this.byName.get(name))
      .filter((a): a is Assignment => a !== undefined)
      .sort((a, b) => (a.partner + a.environment < b.partner + b.environment ? -1 : 1));
  }
}
