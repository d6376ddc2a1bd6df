import { busNameFromArn, regionlessArn, ruleFromArn } from '../arns.ts';
import type { LocalBus } from '../local-bus.ts';
import { notFound } from '../server/aws-error.ts';

/**
 * Checks that an ARN names a resource the bus holds (a bus, rule, connection, API destination or
 * archive), as TagResource, UntagResource and ListTagsForResource need; answers the key its tags are kept
 * under (the ARN without its region: one set of resources serves every region, docs/local-bus.md).
 */
export function taggedResourceKey(bus: LocalBus, arn: string): string {
  const busName = busNameFromArn(arn);
  if (busName !== undefined) {
    if (!bus.buses.get(busName)) throw notFound(`Event bus ${busName} does not exist.`);
    return regionlessArn(arn);
  }
  const rule = ruleFromArn(arn);
  if (rule) {
    if (!bus.rules.get(rule.bus, rule.rule))
      throw notFound(`Rule ${rule.rule} does not exist on EventBus ${rule.bus}.`);
    return regionlessArn(arn);
  }
  const m = /^arn:aws[\w-]*:events:[^:]*:[^:]*:(connection|api-destination|archive)\/([^/]+)/.exec(arn);
  const found =
    m?.[1] === 'connection'
      ? bus.connections.byArn(arn)
      : m?.[1] === 'api-destination'
        ? bus.apiDestinations.byArn(arn)
        : m?.[1] === 'archive'
          ? bus.archives.get(m[2]!)
          : undefined;
  if (!found) throw notFound(`Resource ${arn} does not exist.`);
  return regionlessArn(arn);
}
