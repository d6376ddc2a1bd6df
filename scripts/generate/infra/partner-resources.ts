// One partner's resources. Every logical ID starts with `Partner` and the PascalCase id, so adding a
// partner file adds exactly these and changes nothing else (infra-generator.test.ts proves it).
//   webhook partner: Connection, ApiDestination, InvokeRole, Rule, DeadLetterQueue(+Policy)
//   every partner:   ApiKey, UsagePlan, UsagePlanKey on the Marketplace API
// A poll partner has no rule on AWS: the request store assigns requests to it by running the same
// generated patterns (services/request-store/partner-assignment.ts).
import {
  byEnvironment,
  deadLetterQueue,
  deadLetterQueuePolicy,
  getAtt,
  onlyIn,
  partnerLogicalId,
  ref,
  sub,
  type Cfn,
  type Resource,
} from './cfn.ts';
import { connectionAuth, SECRET_PREFIX } from './connection-auth.ts';
import type { InfraContext } from './infra-context.ts';
import { ENVIRONMENTS, type EnvironmentName, type InfraPartner, type InfraRule } from './infra-model.ts';

export type PartnerRules = Record<EnvironmentName, InfraRule>;

/**
 * The environments of a partner that exist on AWS: those its file does not mark `local_only` (a
 * demo server on 127.0.0.1 cannot be an API destination). One of them: the partner's resources
 * carry `Condition: IsProd` or `IsTest`; none: the partner has no resources at all.
 */
export function awsEnvironments(rules: PartnerRules): EnvironmentName[] {
  return ENVIRONMENTS.filter((env) => rules[env].localOnly !== true);
}

/** The condition on every resource and output of the partner, if it is in one environment only. */
export function partnerCondition(rules: PartnerRules): string | undefined {
  const envs = awsEnvironments(rules);
  return envs.length === 1 ? onlyIn(envs[0]!) : undefined;
}

export function partnerResources(
  partner: InfraPartner,
  rules: PartnerRules,
  ctx: InfraContext,
): Record<string, Resource> {
  const envs = awsEnvironments(rules);
  if (envs.length === 0) return {};
  // In one environment only, both sides of every `Fn::If` are that environment's value, so
  // `byEnvironment` writes it plainly and the condition decides whether the resource exists.
  const deployed: PartnerRules = envs.length === 1 ? { prod: rules[envs[0]!], test: rules[envs[0]!] } : rules;
  const id = partnerLogicalId(partner.id);
  const out: Record<string, Resource> = {};
  if (partner.delivery === 'webhook') Object.assign(out, webhookResources(partner, id, deployed));
  Object.assign(out, apiKeyResources(partner, id, deployed, ctx));
  const condition = partnerCondition(rules);
  if (condition === undefined) return out;
  // Condition right after Type, where a reader of the template looks for it.
  return Object.fromEntries(
    Object.entries(out).map(([logicalId, { Type, ...rest }]) => [
      logicalId,
      { Type, Condition: condition, ...rest },
    ]),
  );
}

function webhookResources(partner: InfraPartner, id: string, rules: PartnerRules): Record<string, Resource> {
  const { prod, test } = rules;
  const env = <T extends Cfn>(pick: (rule: InfraRule) => T): Cfn => byEnvironment(pick(prod), pick(test));
  const auth = (rule: InfraRule) => {
    if (rule.target.auth === undefined) {
      throw new Error(
        `catalog/partners/${partner.id}.yaml: #/environments/${rule.environment}/auth is required for a webhook partner (an EventBridge connection needs one)`,
      );
    }
    return connectionAuth(partner.id, rule.target.auth);
  };
  const endpoint = (rule: InfraRule) => {
    if (rule.target.endpoint === undefined) {
      throw new Error(
        `catalog/partners/${partner.id}.yaml: #/environments/${rule.environment}/endpoint is required for a webhook partner`,
      );
    }
    return rule.target.endpoint;
  };
  const [connection, destination, role, rule, queue] = [
    'Connection',
    'ApiDestination',
    'InvokeRole',
    'Rule',
    'DeadLetterQueue',
  ].map((s) => id + s) as [string, string, string, string, string];
  return {
    [connection]: {
      Type: 'AWS::Events::Connection',
      Properties: {
        Name: env((r) => r.name),
        Description: `Credentials for ${partner.id}; secrets from Secrets Manager ${SECRET_PREFIX}${partner.id}`,
        AuthorizationType: env((r) => auth(r).AuthorizationType),
        AuthParameters: env((r) => auth(r).AuthParameters),
      },
    },
    [destination]: {
      Type: 'AWS::Events::ApiDestination',
      Properties: {
        Name: env((r) => r.name),
        ConnectionArn: getAtt(connection, 'Arn'),
        InvocationEndpoint: env(endpoint),
        HttpMethod: 'POST',
        InvocationRateLimitPerSecond: env((r) => r.target.rateLimitPerSecond),
      },
    },
    [role]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        Description: `Lets the rule of ${partner.id} invoke its API destination, and nothing else`,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } },
            },
          ],
        },
        Policies: [
          {
            PolicyName: 'invoke-api-destination',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: 'events:InvokeApiDestination',
                  Resource: getAtt(destination, 'Arn'),
                },
              ],
            },
          },
        ],
      },
    },
    [rule]: {
      Type: 'AWS::Events::Rule',
      Properties: {
        Name: env((r) => r.name),
        Description: `Requests for ${partner.id}, from catalog/partners/${partner.id}.yaml`,
        EventBusName: ref('MarketplaceBus'),
        State: 'ENABLED',
        EventPattern: env((r) => r.eventPattern as Cfn),
        Targets: [
          {
            Id: 'api-destination',
            Arn: getAtt(destination, 'Arn'),
            RoleArn: getAtt(role, 'Arn'),
            RetryPolicy: {
              MaximumRetryAttempts: env((r) => r.target.retryPolicy.maximumRetryAttempts),
              MaximumEventAgeInSeconds: env((r) => r.target.retryPolicy.maximumEventAgeInSeconds),
            },
            DeadLetterConfig: { Arn: getAtt(queue, 'Arn') },
          },
        ],
      },
    },
    [queue]: deadLetterQueue(),
    [`${queue}Policy`]: deadLetterQueuePolicy(queue, [getAtt(rule, 'Arn')]),
  };
}

// API keys and a usage plan per partner (not a Lambda authoriser): API Gateway rejects unknown keys
// and throttles each partner at the edge, before any Lambda runs, so one partner's poll storm cannot
// starve the others; the Marketplace API function still maps the key to its partner (a partner sees
// only its own requests). The key's value is the partner's secret, never inline.
function apiKeyResources(
  partner: InfraPartner,
  id: string,
  rules: PartnerRules,
  ctx: InfraContext,
): Record<string, Resource> {
  const env = (pick: (environment: EnvironmentName) => string): Cfn =>
    byEnvironment(pick(rules.prod.environment), pick(rules.test.environment));
  const name = env((e) => `portico-${partner.id}-${e}`);
  const value = env(
    (e) => `{{resolve:secretsmanager:${SECRET_PREFIX}${partner.id}:SecretString:marketplace_api_key_${e}}}`,
  );
  return {
    [`${id}ApiKey`]: {
      Type: 'AWS::ApiGateway::ApiKey',
      Properties: {
        Name: name,
        Description: `Marketplace API key of ${partner.id}`,
        Enabled: true,
        Value: value,
      },
    },
    [`${id}UsagePlan`]: {
      Type: 'AWS::ApiGateway::UsagePlan',
      Properties: {
        UsagePlanName: name,
        Description: `Throttle of ${partner.id} on the Marketplace API`,
        // SAM resolves `${Api.Stage}` to its generated stage, so the plan waits for the stage to
        // exist (SAM "referenceable properties"); the validator reads it as a GetAtt it accepts.
        ApiStages: [{ ApiId: ref('MarketplaceApi'), Stage: sub('${MarketplaceApi.Stage}') }],
        Throttle: ctx.partnerThrottle,
      },
    },
    [`${id}UsagePlanKey`]: {
      Type: 'AWS::ApiGateway::UsagePlanKey',
      Properties: { KeyId: ref(`${id}ApiKey`), KeyType: 'API_KEY', UsagePlanId: ref(`${id}UsagePlan`) },
    },
  };
}
