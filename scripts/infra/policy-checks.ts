// The project's own checks on the template, beyond what AWS's validator does. Each is a pure
// function from the parsed template to findings, and each has its own test.
import { checkEndpoints } from './check-endpoints.ts';
import { checkIamWildcards } from './check-iam.ts';
import { checkReferences } from './check-references.ts';
import { checkResourcePolicies } from './check-resource-policies.ts';
import { checkRuleTargets } from './check-rule-targets.ts';
import { checkNoInlineSecrets } from './check-secrets.ts';
import type { Finding, Template } from './template-walk.ts';

export const POLICY_CHECKS: Record<string, (template: Template) => Finding[]> = {
  'rule-target-retry-dlq': checkRuleTargets,
  'no-inline-secret': checkNoInlineSecrets,
  'no-iam-wildcard': checkIamWildcards,
  'resource-policy-source-arn': checkResourcePolicies,
  'references-resolve': checkReferences,
  'endpoint-reachable-from-aws': checkEndpoints,
};

export function runPolicyChecks(template: Template): Finding[] {
  return Object.values(POLICY_CHECKS).flatMap((check) => check(template));
}
