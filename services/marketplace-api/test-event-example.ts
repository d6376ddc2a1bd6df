// The example a partner's test event is made of: the `open` request example of the API every
// partner hosts (catalog/openapi/partner-webhook.yaml, an EventBridge envelope whose detail the
// catalogue's checks keep valid against catalog/asyncapi.yaml), read from its generated copy.
import { partnerWebhookDocument } from '../../generated/services/partner-webhook-routes.ts';

type Obj = Record<string, unknown>;

export function catalogueTestEvent(): Obj {
  const paths = partnerWebhookDocument.paths as Record<string, { post?: Obj }>;
  for (const item of Object.values(paths)) {
    const media = (item.post?.requestBody as Obj | undefined)?.content as Record<string, Obj> | undefined;
    const examples = media?.['application/json']?.examples as Record<string, { value?: Obj }> | undefined;
    const value = examples?.open?.value ?? Object.values(examples ?? {})[0]?.value;
    if (value) return structuredClone(value);
  }
  throw new Error('catalog/openapi/partner-webhook.yaml has no request example to send as a test event');
}
