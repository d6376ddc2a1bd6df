import type { LocalBus } from './local-bus.ts';

const views = new WeakMap<LocalBus, Map<string, LocalBus>>();

/**
 * The bus as a caller signing for `region` sees it: the same stores, with an identity in that region, so every
 * ARN minted and every event put during the request (its `region` member, `<aws.events.rule-arn>`) carries
 * the caller's region, as AWS's do. One view per region, kept: the identity object stays the same, which
 * route-event.ts's rule plan cache relies on.
 */
export function busInRegion(bus: LocalBus, region: string | undefined): LocalBus {
  if (region === undefined || region === bus.identity.region) return bus;
  let byRegion = views.get(bus);
  if (!byRegion) views.set(bus, (byRegion = new Map()));
  let view = byRegion.get(region);
  if (!view) {
    view = Object.freeze({ ...bus, identity: Object.freeze({ ...bus.identity, region }) });
    byRegion.set(region, view);
  }
  return view;
}
