// No IAM action or resource `*` where a narrower one exists: Allow statements name their actions
// (no `*`, no `service:*`) and their resources (no bare `*`). The few actions IAM only authorises
// on `*` are listed, each with its reason. Deny statements are left alone: a broad deny narrows.
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
import {
  alternatives,
  asArray,
  isObject,
  resources,
  walk,
  type Finding,
  type Json,
  type Template,
} from './template-walk.ts';

const CHECK = 'no-iam-wildcard';

/** Actions whose service supports no resource-level permission: `*` is the narrowest resource. */
export const RESOURCE_STAR_ONLY = new Set([
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'cloudwatch:PutMetricData',
]);

export function checkIamWildcards(template: Template): Finding[] {
  const findings: Finding[] = [];
  for (const [id, resource] of resources(template)) {
    for (const [node, path] of walk(resource.Properties, `Resources/${id}/Properties`)) {
      if (!isObject(node) || !('Effect' in node) || node['Effect'] !== 'Allow') continue;
      const actions = asArray(node['Action'] as Json | Json[] | undefined).flatMap(alternatives);
      for (const action of actions) {
        if (action === '*' || (typeof action === 'string' && /:\*$/.test(action))) {
          findings.push({
            check: CHECK,
            at: `${path}/Action`,
            message: `action ${action} allows every action; name the ones needed`,
          });
        }
      }
      if ('NotAction' in node || 'NotResource' in node) {
        findings.push({
          check: CHECK,
          at: path,
          message: 'Allow with NotAction/NotResource allows everything else',
        });
      }
      const starOnly = actions.every((a) => typeof a === 'string' && RESOURCE_STAR_ONLY.has(a));
      for (const value of asArray(node['Resource'] as Json | Json[] | undefined).flatMap(alternatives)) {
        if (value === '*' && !starOnly) {
          findings.push({
            check: CHECK,
            at: `${path}/Resource`,
            message: 'resource * allows every resource; name the ARNs',
          });
        }
      }
      const principal = node['Principal'];
      if (principal === '*' || (isObject(principal) && principal['AWS'] === '*')) {
        findings.push({ check: CHECK, at: `${path}/Principal`, message: 'principal * allows anyone' });
      }
    }
  }
  return findings;
}
