import type { NewDelivery } from '../../delivery/delivery-queue.ts';
import { ruleArn, type BusIdentity } from '../arns.ts';
import type { RuleStore } from '../resources/rule-store.ts';
import type { Routed } from '../store/event-log.ts';
import { targetInput } from './target-input.ts';

/** EventBridge's defaults when a target has no RetryPolicy: 185 attempts over 24 hours. */
export const DEFAULT_RETRY = Object.freeze({ maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 });

export interface RouteRequest {
  bus: string;
  event: Record<string, unknown>;
  eventJson: string;
  ingestedAt: number;
  replayName?: string;
  /** Replays may be limited to some rules (StartReplay's Destination.FilterArns). */
  onlyRules?: ReadonlySet<string>;
}

export interface Routing {
  deliveries: NewDelivery[];
  routed: Routed[];
}

/** Matches one event against its bus's rules and builds one delivery per target of each matched rule. */
export function routeEvent(rules: RuleStore, identity: BusIdentity, req: RouteRequest): Routing {
  const deliveries: NewDelivery[] = [];
  const routed: Routed[] = [];
  const eventId = String(req.event.id);
  for (const name of rules.match(req.bus, req.event)) {
    if (req.onlyRules && !req.onlyRules.has(name)) continue;
    const rule = rules.get(req.bus, name);
    if (!rule || rule.targets.length === 0) continue;
    const arn = ruleArn(identity, req.bus, name);
    for (const target of rule.targets) {
      let body: string;
      try {
        body = targetInput(target, {
          event: req.event,
          eventJson: req.eventJson,
          ruleArn: arn,
          ruleName: name,
          ingestedAt: req.ingestedAt,
        });
      } catch {
        // PutTargets validated the paths; a failure here would be a defect, so skip this target only.
        continue;
      }
      const policy = target.RetryPolicy;
      deliveries.push({
        eventId,
        ruleArn: arn,
        targetId: target.Id,
        targetArn: target.Arn,
        body,
        eventTime: req.ingestedAt,
        retryPolicy: {
          maximumRetryAttempts: policy?.MaximumRetryAttempts ?? DEFAULT_RETRY.maximumRetryAttempts,
          maximumEventAgeInSeconds:
            policy?.MaximumEventAgeInSeconds ?? DEFAULT_RETRY.maximumEventAgeInSeconds,
        },
        ...(target.DeadLetterConfig?.Arn ? { deadLetterArn: target.DeadLetterConfig.Arn } : {}),
        ...(req.replayName ? { replayName: req.replayName } : {}),
      });
      routed.push({ rule: name, targetId: target.Id, targetArn: target.Arn });
    }
  }
  return { deliveries, routed };
}
