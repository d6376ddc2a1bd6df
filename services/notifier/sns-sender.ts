// The AWS notification sender: SMS straight to the phone number through SNS, email through an SNS
// topic whose subscriber (a mail relay) reads the recipient from the message attributes, since SNS
// cannot address an email to an arbitrary recipient. SNS de-duplicates nothing on a standard topic,
// so "at most once" is the dispatcher's job there (a conditional write on notification_id).
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { render, type Notification, type NotificationSender } from './notification.ts';

export class SnsNotificationSender implements NotificationSender {
  constructor(
    private readonly client: Pick<SNSClient, 'send'>,
    private readonly emailTopicArn: string,
  ) {}

  async send(n: Notification): Promise<'sent' | 'duplicate'> {
    const { subject, text } = render(n);
    const attributes = {
      notification_id: { DataType: 'String', StringValue: n.notification_id },
      template: { DataType: 'String', StringValue: n.template },
    };
    if (n.channel === 'sms') {
      await this.client.send(
        new PublishCommand({
          PhoneNumber: n.recipient,
          Message: text,
          MessageAttributes: {
            ...attributes,
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          },
        }),
      );
    } else {
      await this.client.send(
        new PublishCommand({
          TopicArn: this.emailTopicArn,
          Subject: subject,
          Message: text,
          MessageAttributes: { ...attributes, recipient: { DataType: 'String', StringValue: n.recipient } },
        }),
      );
    }
    return 'sent';
  }
}
