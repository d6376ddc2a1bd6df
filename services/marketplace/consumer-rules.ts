// The marketplace's own subscriptions on the bus: which consumer hears which events. Created
// through EventBridge's API (PutRule, PutTargets), so they are ordinary rules that
// `portico events`/ListRules show; on AWS the SAM template declares the same subscriptions.
import { PutRuleCommand, PutTargetsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';

export interface ConsumerRule {
  /** Rule name and local Lambda function name. */
  name: string;
  description: string;
  pattern: { source: string[]; 'detail-type': string[] };
}

export const consumerRules: readonly ConsumerRule[] = [
  {
    name: 'portico-request-store',
    description: 'Request store: records requests with the partners they are for, and their statuses',
    pattern: {
      source: ['com.marketplace.market', 'com.marketplace.api'],
      'detail-type': ['marketplace requests', 'request status changed'],
    },
  },
  {
    name: 'portico-user-portal-status',
    description: 'User portal: the status timeline shown to the user',
    pattern: { source: ['com.marketplace.api'], 'detail-type': ['request status changed'] },
  },
  {
    name: 'portico-notifier',
    description: 'Notifier: asks for an email or SMS on registration and on each status change',
    pattern: {
      source: ['com.marketplace.portal', 'com.marketplace.api'],
      'detail-type': ['user registered', 'request status changed'],
    },
  },
  {
    name: 'portico-notification-dispatcher',
    description: 'Notification dispatcher: sends each notification once (the outbox locally, SNS on AWS)',
    pattern: { source: ['com.marketplace.notifier'], 'detail-type': ['notification requested'] },
  },
];

export async function installConsumerRules(
  client: Pick<EventBridgeClient, 'send'>,
  bus: string,
  functionArn: (name: string) => string,
): Promise<void> {
  for (const rule of consumerRules) {
    await client.send(
      new PutRuleCommand({
        Name: rule.name,
        EventBusName: bus,
        EventPattern: JSON.stringify(rule.pattern),
        Description: rule.description,
        State: 'ENABLED',
      }),
    );
    await client.send(
      new PutTargetsCommand({
        Rule: rule.name,
        EventBusName: bus,
        Targets: [
          {
            Id: 'consumer',
            Arn: functionArn(rule.name),
            RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
          },
        ],
      }),
    );
  }
}
