// The notification topic and the rule that feeds it (the event-gateway design): the notifier puts
// `notification requested` events on the bus, and this rule, not the notifier, publishes each to SNS.
// Its input transformer hands subscribers (the mail relay, an SMS relay) the event's detail as one
// JSON message, so that the topic carries each notification once and never the raw envelope.
// The topic policy admits only this rule; the rule's dead-letter queue admits only this rule.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
import { deadLetterQueue, deadLetterQueuePolicy, getAtt, ref, sub, type Resource } from './cfn.ts';
import { eventPattern, type InfraContext } from './infra-context.ts';

export const NOTIFICATION_RULE = 'NotificationTopicRule';
export const NOTIFICATION_DLQ = 'NotificationTopicDeadLetterQueue';

/**
 * The required members of NotificationRequestedDetail (catalog/asyncapi.yaml): the optional ones
 * (user_id, request_id) are left out, as a path missing from the event would break the message.
 * Placeholders are unquoted, so EventBridge writes each value as JSON (strings quoted and escaped,
 * `variables` as an object).
 */
const MESSAGE_FIELDS = ['notification_id', 'channel', 'recipient', 'template', 'variables'] as const;

export function notificationTopicResources(ctx: InfraContext): Record<string, Resource> {
  const ruleArn = getAtt(NOTIFICATION_RULE, 'Arn');
  return {
    NotificationTopic: {
      Type: 'AWS::SNS::Topic',
      Properties: { DisplayName: 'Portico notifications' },
    },
    [NOTIFICATION_RULE]: {
      Type: 'AWS::Events::Rule',
      Properties: {
        Name: sub('portico-notification-topic-${Environment}'),
        Description: 'Publishes each notification requested to the notification topic, as its detail',
        EventBusName: ref('MarketplaceBus'),
        State: 'ENABLED',
        EventPattern: eventPattern(ctx.eventTypes, 'notification requested'),
        Targets: [
          {
            Id: 'notification-topic',
            Arn: ref('NotificationTopic'),
            InputTransformer: {
              InputPathsMap: Object.fromEntries(MESSAGE_FIELDS.map((f) => [f, `$.detail.${f}`])),
              InputTemplate: `{${MESSAGE_FIELDS.map((f) => `"${f}": <${f}>`).join(', ')}}`,
            },
            RetryPolicy: ctx.consumerRetryPolicy,
            DeadLetterConfig: { Arn: getAtt(NOTIFICATION_DLQ, 'Arn') },
          },
        ],
      },
    },
    NotificationTopicPolicy: {
      Type: 'AWS::SNS::TopicPolicy',
      Properties: {
        Topics: [ref('NotificationTopic')],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'NotificationTopicRule',
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sns:Publish',
              Resource: ref('NotificationTopic'),
              Condition: { ArnEquals: { 'aws:SourceArn': ruleArn } },
            },
          ],
        },
      },
    },
    [NOTIFICATION_DLQ]: deadLetterQueue(),
    [`${NOTIFICATION_DLQ}Policy`]: deadLetterQueuePolicy(NOTIFICATION_DLQ, [ruleArn]),
  };
}
