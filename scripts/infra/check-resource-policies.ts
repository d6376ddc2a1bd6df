// Every queue and topic policy is scoped by `aws:SourceArn` (the confused-deputy guard), and the
// dead-letter queue of a rule admits that rule: its policy names the rule's ARN.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions
import {
  alternatives,
  asArray,
  isObject,
  resources,
  type Finding,
  type Json,
  type Template,
} from './template-walk.ts';

const CHECK = 'resource-policy-source-arn';
const POLICY_TYPES: Record<string, string> = {
  'AWS::SQS::QueuePolicy': 'Queues',
  'AWS::SNS::TopicPolicy': 'Topics',
};

export function checkResourcePolicies(template: Template): Finding[] {
  const findings: Finding[] = [];
  /** Queue logical ID -> the SourceArn values its policies admit. */
  const admitted = new Map<string, Json[]>();
  for (const [id, resource] of resources(template)) {
    const listKey = POLICY_TYPES[resource.Type];
    if (listKey === undefined) continue;
    const props = resource.Properties ?? {};
    const document = isObject(props['PolicyDocument']) ? props['PolicyDocument'] : {};
    asArray(document['Statement'] as Json | Json[] | undefined).forEach((statement, i) => {
      if (!isObject(statement) || statement['Effect'] !== 'Allow') return;
      const at = `Resources/${id}/Properties/PolicyDocument/Statement/${i}`;
      const arns = sourceArns(statement['Condition']);
      if (arns.length === 0) {
        findings.push({
          check: CHECK,
          at,
          message: 'Allow statement is not scoped by aws:SourceArn (ArnEquals)',
        });
      }
      for (const arn of arns) {
        if (typeof arn === 'string' && arn.includes('*'))
          findings.push({ check: CHECK, at, message: `aws:SourceArn ${arn} is a wildcard` });
      }
      for (const target of asArray(props[listKey] as Json[] | undefined)) {
        if (isObject(target) && typeof target['Ref'] === 'string') {
          admitted.set(target['Ref'], [...(admitted.get(target['Ref']) ?? []), ...arns]);
        }
      }
    });
  }
  for (const [id, resource] of resources(template)) {
    for (const { at, queue, ruleArn } of deadLetterTargets(id, resource)) {
      const arns = admitted.get(queue);
      if (arns === undefined) {
        findings.push({
          check: CHECK,
          at,
          message: `dead-letter queue ${queue} has no queue policy; EventBridge cannot send to it`,
        });
      } else if (!arns.some((a) => JSON.stringify(a) === JSON.stringify(ruleArn))) {
        findings.push({
          check: CHECK,
          at,
          message: `the policy of ${queue} does not admit this rule (${JSON.stringify(ruleArn)})`,
        });
      }
    }
  }
  return findings;
}

function sourceArns(condition: Json | undefined): Json[] {
  if (!isObject(condition)) return [];
  const out: Json[] = [];
  for (const operator of ['ArnEquals', 'ArnLike', 'StringEquals']) {
    const block = condition[operator];
    if (isObject(block) && block['aws:SourceArn'] !== undefined) {
      out.push(...asArray(block['aws:SourceArn'] as Json | Json[]).flatMap(alternatives));
    }
  }
  return out;
}

/** The rule ARN as a policy would name it: GetAtt of a rule, or for a SAM event the Sub of its name. */
function* deadLetterTargets(id: string, resource: { Type: string; Properties?: Record<string, Json> }) {
  const props = resource.Properties ?? {};
  const queueOf = (dlq: Json | undefined): string | undefined => {
    const arn = isObject(dlq) ? dlq['Arn'] : undefined;
    const getAtt = isObject(arn) ? arn['Fn::GetAtt'] : undefined;
    return Array.isArray(getAtt) && typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
  };
  if (resource.Type === 'AWS::Events::Rule') {
    for (const [i, target] of asArray(props['Targets'] as Json[] | undefined).entries()) {
      const queue = isObject(target) ? queueOf(target['DeadLetterConfig']) : undefined;
      if (queue)
        yield {
          at: `Resources/${id}/Properties/Targets/${i}`,
          queue,
          ruleArn: { 'Fn::GetAtt': [id, 'Arn'] } as Json,
        };
    }
  }
  if (resource.Type === 'AWS::Serverless::Function' && isObject(props['Events'])) {
    for (const [name, event] of Object.entries(props['Events'])) {
      const p = isObject(event) && isObject(event['Properties']) ? event['Properties'] : {};
      const queue = queueOf(p['DeadLetterConfig']);
      const ruleName = isObject(p['RuleName']) ? p['RuleName']['Fn::Sub'] : p['RuleName'];
      const bus = isObject(p['EventBusName'])
        ? `\${${String(p['EventBusName']['Ref'])}}`
        : String(p['EventBusName'] ?? 'default');
      if (queue && typeof ruleName === 'string') {
        // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html: rule/<bus>/<name>
        const arn = `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/${bus}/${ruleName}`;
        yield { at: `Resources/${id}/Properties/Events/${name}`, queue, ruleArn: { 'Fn::Sub': arn } as Json };
      } else if (queue) {
        yield {
          at: `Resources/${id}/Properties/Events/${name}`,
          queue,
          ruleArn: `a RuleName on ${name}` as Json,
        };
      }
    }
  }
}
