import type { NewDelivery, RetryPolicy } from '../../delivery/delivery-queue.ts';
import { ruleArn, type BusIdentity } from '../arns.ts';
import type { RuleRecord, RuleStore, TargetRecord } from '../resources/rule-store.ts';
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
  /** Told of a target that receives nothing (its InputTemplate did not fill to valid JSON), as AWS drops it. */
  onDropped?: (dropped: { ruleArn: string; targetId: string; reason: string }) => void;
}

/** Matches one event against its bus's rules and builds one delivery per target of each matched rule. */
export function routeEvent(rules: RuleStore, identity: BusIdentity, req: RouteRequest): NewDelivery[] {
  const deliveries: NewDelivery[] = [];
  for (const name of rules.match(req.bus, req.event)) {
    if (req.onlyRules && !req.onlyRules.has(name)) continue;
    const rule = rules.get(req.bus, name);
    if (rule) ruleDeliveries(rule, identity, req, deliveries);
  }
  return deliveries;
}

/** What a rule's deliveries share, worked out once per rule version (a changed rule is a new record). */
interface RulePlan {
  identity: BusIdentity;
  arn: string;
  targets: {
    target: TargetRecord;
    /** Input, InputPath or InputTransformer: the body is worked out per event. */
    transforms: boolean;
    retryPolicy: RetryPolicy;
    deadLetterArn: string | undefined;
  }[];
}

const plans = new WeakMap<RuleRecord, RulePlan>();

function planOf(rule: RuleRecord, identity: BusIdentity, bus: string): RulePlan {
  const known = plans.get(rule);
  if (known !== undefined && known.identity === identity) return known;
  const plan: RulePlan = {
    identity,
    arn: ruleArn(identity, bus, rule.name),
    targets: rule.targets.map((target) => ({
      target,
      transforms:
        target.Input !== undefined || target.InputPath !== undefined || target.InputTransformer !== undefined,
      retryPolicy: Object.freeze({
        maximumRetryAttempts: target.RetryPolicy?.MaximumRetryAttempts ?? DEFAULT_RETRY.maximumRetryAttempts,
        maximumEventAgeInSeconds:
          target.RetryPolicy?.MaximumEventAgeInSeconds ?? DEFAULT_RETRY.maximumEventAgeInSeconds,
      }),
      deadLetterArn: target.DeadLetterConfig?.Arn || undefined,
    })),
  };
  plans.set(rule, plan);
  return plan;
}

/**
 * One delivery per target of `rule`, appended to `out`. A target that takes the whole event (no Input,
 * InputPath or InputTransformer) gets no body: its delivery reads the event from the event log row the
 * commit links it to, so the text is stored once however many targets receive it.
 */
export function ruleDeliveries(
  rule: RuleRecord,
  identity: BusIdentity,
  req: RouteRequest,
  out: NewDelivery[],
): void {
  if (rule.targets.length === 0) return;
  const plan = planOf(rule, identity, req.bus);
  const eventId = String(req.event.id);
  for (const { target, transforms, retryPolicy, deadLetterArn } of plan.targets) {
    let body: string | undefined;
    if (transforms) {
      try {
        body = targetInput(target, {
          event: req.event,
          eventJson: req.eventJson,
          ruleArn: plan.arn,
          ruleName: rule.name,
          ingestedAt: req.ingestedAt,
        });
      } catch {
        // PutTargets validated the paths; a failure here would be a defect, so skip this target only.
        continue;
      }
      if (body === undefined) {
        req.onDropped?.({
          ruleArn: plan.arn,
          targetId: target.Id,
          reason: 'the InputTemplate does not fill to valid JSON, so EventBridge delivers nothing',
        });
        continue;
      }
    }
    const delivery: NewDelivery = {
      eventId,
      ruleArn: plan.arn,
      targetId: target.Id,
      targetArn: target.Arn,
      eventTime: req.ingestedAt,
      retryPolicy,
    };
    if (body !== undefined) delivery.body = body;
    if (deadLetterArn !== undefined) delivery.deadLetterArn = deadLetterArn;
    if (req.replayName) delivery.replayName = req.replayName;
    out.push(delivery);
  }
}
