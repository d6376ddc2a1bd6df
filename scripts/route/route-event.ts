// Every rule's verdict on one event, with the engine's explanation of each miss: what `portico route`
// prints and what the site's explainer page computes in the browser (this file is bundled for it,
// so it imports the engine and nothing from Node).
import { explainMatch, type BranchVerdict } from '../../services/pattern/explain/explain-match.ts';
import type { RoutedEvent } from './read-events.ts';

export interface RouteRule {
  readonly name: string;
  /** A partner's delivery rule (from the catalogue) or one of the marketplace's own consumers. */
  readonly kind: 'partner' | 'consumer';
  readonly partner?: string;
  readonly environment?: string;
  readonly description: string;
  readonly eventPattern: Record<string, unknown>;
}

export interface RuleVerdict {
  readonly rule: string;
  readonly kind: RouteRule['kind'];
  readonly partner?: string;
  readonly environment?: string;
  readonly matches: boolean;
  /** One a branch of the pattern (an alternative of `$or`), each with its first miss. */
  readonly branches: readonly BranchVerdict[];
}

export function routeEvent(rules: readonly RouteRule[], event: RoutedEvent): RuleVerdict[] {
  return rules.map((rule) => {
    const x = explainMatch(rule.eventPattern, event);
    return {
      rule: rule.name,
      kind: rule.kind,
      ...(rule.partner !== undefined ? { partner: rule.partner } : {}),
      ...(rule.environment !== undefined ? { environment: rule.environment } : {}),
      matches: x.matches,
      branches: x.branches,
    };
  });
}
