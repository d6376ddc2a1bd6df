// Command shapes only: nothing here talks to SNS.
import type { SNSClient } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { SnsNotificationSender } from './sns-sender.ts';

describe('SnsNotificationSender', () => {
  it.each([
    [
      'an SMS straight to the number',
      'sms',
      '+33612345678',
      { PhoneNumber: '+33612345678', Message: 'Good news: TechHub accepted your request r-1.' },
    ],
    [
      'an email through the relay topic',
      'email',
      'c@example.org',
      {
        TopicArn: 'arn:topic',
        Subject: 'Your request was accepted',
        MessageAttributes: { recipient: { DataType: 'String', StringValue: 'c@example.org' } },
      },
    ],
  ] as const)('publishes %s', async (_name, channel, recipient, want) => {
    const sent: Record<string, unknown>[] = [];
    const client = {
      send: async (c: { input: Record<string, unknown> }) => void sent.push(c.input),
    } as unknown as Pick<SNSClient, 'send'>;
    await new SnsNotificationSender(client, 'arn:topic').send({
      notification_id: 'n-1',
      channel,
      recipient,
      template: 'request-accepted',
      variables: { partner_name: 'TechHub', request_id: 'r-1' },
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject(want);
  });
});
