// Every rule target has a retry policy and a dead-letter queue, whether the rule is an
// `AWS::Events::Rule` or a SAM `EventBridgeRule` event of a function: without them EventBridge
// retries for 24 hours by default and then drops the event without a trace.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
import { asArray, isObject, resources, type Finding, type Json, type Template } from './template-walk.ts';

const CHECK = 'rule-target-retry-dlq';
const SAM_RULE_EVENTS = new Set(['EventBridgeRule', 'CloudWatchEvent']);

export function checkRuleTargets(template: Template): Finding[] {
  const findings: Finding[] = [];
  for (const [id, resource] of resources(template)) {
    const props = resource.Properties ?? {};
    if (resource.Type === 'AWS::Events::Rule') {
      const targets = asArray(props['Targets'] as Json[] | undefined);
      if (targets.length === 0)
        findings.push({ check: CHECK, at: `Resources/${id}`, message: 'rule has no target' });
      targets.forEach((target, i) =>
        findings.push(...missing(target, `Resources/${id}/Properties/Targets/${i}`)),
      );
    }
    if (resource.Type === 'AWS::Serverless::Function' && isObject(props['Events'])) {
      for (const [name, event] of Object.entries(props['Events'])) {
        if (isObject(event) && SAM_RULE_EVENTS.has(String(event['Type']))) {
          findings.push(
            ...missing(event['Properties'], `Resources/${id}/Properties/Events/${name}/Properties`),
          );
        }
      }
    }
  }
  return findings;
}

function missing(target: Json | undefined, at: string): Finding[] {
  const out: Finding[] = [];
  const t = isObject(target) ? target : {};
  if (!isObject(t['RetryPolicy'])) out.push({ check: CHECK, at, message: 'target has no RetryPolicy' });
  const dlq = t['DeadLetterConfig'];
  if (!isObject(dlq) || dlq['Arn'] === undefined) {
    out.push({
      check: CHECK,
      at,
      message: 'target has no DeadLetterConfig with an Arn (a queue this template declares)',
    });
  }
  return out;
}
