// CloudFormation intrinsic functions in their long form (`Fn::GetAtt`, not `!GetAtt`), so that the
// template is plain YAML any parser reads and the policy checks can walk it as data.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
export type Cfn = string | number | boolean | null | Cfn[] | { [key: string]: Cfn };
export type CfnObject = { [key: string]: Cfn };

export interface Resource {
  Type: string;
  Condition?: string;
  DependsOn?: string | string[];
  DeletionPolicy?: 'Delete' | 'Retain' | 'Snapshot';
  UpdateReplacePolicy?: 'Delete' | 'Retain' | 'Snapshot';
  Metadata?: CfnObject;
  Properties?: CfnObject;
}

export const ref = (name: string): CfnObject => ({ Ref: name });
export const getAtt = (resource: string, attribute: string): CfnObject => ({
  'Fn::GetAtt': [resource, attribute],
});
export const sub = (template: string): CfnObject => ({ 'Fn::Sub': template });

/** The template's main condition: the `Environment` parameter is `prod`. */
export const IS_PROD = 'IsProd';
/** Its negation, present only when a partner exists on AWS in `test` alone. */
export const IS_TEST = 'IsTest';

/** The condition under which a resource exists in exactly one environment's stack. */
export const onlyIn = (env: 'prod' | 'test'): string => (env === 'prod' ? IS_PROD : IS_TEST);

/**
 * A value that may differ between environments: the value itself when both agree, else
 * `Fn::If [IsProd, prod, test]`, so that a partner whose environments agree reads plainly.
 */
export function byEnvironment(prod: Cfn, test: Cfn): Cfn {
  return JSON.stringify(prod) === JSON.stringify(test) ? prod : { 'Fn::If': [IS_PROD, prod, test] };
}

/** `acme-books` -> `AcmeBooks`: logical IDs are alphanumeric (CloudFormation template anatomy). */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** ARN of a rule on the bus, for rules whose logical ID SAM chooses (`EventBridgeRule` events). */
export function ruleArn(ruleName: string): CfnObject {
  return sub(
    `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/\${MarketplaceBus}/${ruleName}`,
  );
}

/** The queue policy that lets only the given rules send to a dead-letter queue. */
export function deadLetterQueuePolicy(queue: string, ruleArns: Cfn[]): Resource {
  return {
    Type: 'AWS::SQS::QueuePolicy',
    Properties: {
      Queues: [ref(queue)],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'EventBridgeDeadLetters',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: getAtt(queue, 'Arn'),
            Condition: { ArnEquals: { 'aws:SourceArn': ruleArns.length === 1 ? ruleArns[0]! : ruleArns } },
          },
        ],
      },
    },
  };
}

/** A dead-letter queue: SQS's longest retention (14 days), encrypted with SQS-managed keys. */
export function deadLetterQueue(): Resource {
  return {
    Type: 'AWS::SQS::Queue',
    DeletionPolicy: 'Delete',
    UpdateReplacePolicy: 'Delete',
    Properties: { MessageRetentionPeriod: 1209600, SqsManagedSseEnabled: true },
  };
}

/**
 * `3rdparty1` -> `Partner3rdparty1`: the prefix keeps partner resources apart from the core ones
 * (a partner called `notification` must not take `NotificationRule`) and off a leading digit.
 */
export const partnerLogicalId = (partnerId: string): string => `Partner${pascalCase(partnerId)}`;
