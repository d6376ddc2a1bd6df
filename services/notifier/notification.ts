// One email or SMS to send: the `notification requested` event's detail (catalog/asyncapi.yaml,
// NotificationRequestedDetail), and the texts its templates render to.
export interface Notification {
  notification_id: string;
  channel: 'email' | 'sms';
  recipient: string;
  user_id?: string;
  request_id?: string;
  template: 'welcome' | 'request-in-progress' | 'request-accepted' | 'request-declined';
  variables: Record<string, string>;
}

/** Hands a notification to whatever sends it; at most once per `notification_id`. */
export interface NotificationSender {
  send(notification: Notification): Promise<'sent' | 'duplicate'>;
}

const templates: Record<Notification['template'], { subject: string; text: string }> = {
  welcome: { subject: 'Welcome to the marketplace', text: 'Welcome! You can now place requests.' },
  'request-in-progress': {
    subject: 'Your request is being handled',
    text: '{partner_name} is working on your request {request_id}.',
  },
  'request-accepted': {
    subject: 'Your request was accepted',
    text: 'Good news: {partner_name} accepted your request {request_id}.',
  },
  'request-declined': {
    subject: 'Your request was declined',
    text: '{partner_name} declined your request {request_id}: {reason}',
  },
};

export function render(n: Notification): { subject: string; text: string } {
  const t = templates[n.template];
  const fill = (s: string) =>
    s.replace(
      /\{(\w+)\}/g,
      (_m, name: string) => n.variables[name] ?? (name === 'reason' ? 'no reason given' : ''),
    );
  return { subject: fill(t.subject), text: fill(t.text) };
}
