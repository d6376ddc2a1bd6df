// Every API destination's endpoint and every OAuth connection's token endpoint is one AWS can call:
// HTTPS on a public host (check-aws-endpoints.ts says why each other kind cannot work). Both sides
// of an `Fn::If` are deployable, so both are checked; a value AWS resolves at deploy time (a `Ref`)
// is not a literal URL and is left to the validator.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-api-destinations.html
import { unreachableFromAws } from '../catalog/check-aws-endpoints.ts';
import {
  alternatives,
  isObject,
  resources,
  type Finding,
  type Json,
  type Template,
} from './template-walk.ts';

const CHECK = 'endpoint-reachable-from-aws';

const ENDPOINTS: Record<string, (props: Record<string, Json>) => [string, Json | undefined][]> = {
  'AWS::Events::ApiDestination': (p) => [['InvocationEndpoint', p['InvocationEndpoint']]],
  'AWS::Events::Connection': (p) => {
    const auth = isObject(p['AuthParameters']) ? p['AuthParameters'] : {};
    const oauth = isObject(auth['OAuthParameters']) ? auth['OAuthParameters'] : {};
    return [['AuthParameters/OAuthParameters/AuthorizationEndpoint', oauth['AuthorizationEndpoint']]];
  },
};

export function checkEndpoints(template: Template): Finding[] {
  const findings: Finding[] = [];
  for (const [id, resource] of resources(template)) {
    const endpoints = ENDPOINTS[resource.Type];
    if (endpoints === undefined) continue;
    for (const [path, value] of endpoints(resource.Properties ?? {})) {
      for (const url of alternatives(value)) {
        const why = typeof url === 'string' ? unreachableFromAws(url) : undefined;
        if (why !== undefined)
          findings.push({ check: CHECK, at: `Resources/${id}/Properties/${path}`, message: why });
      }
    }
  }
  return findings;
}
