// No secret inline: every credential in the template is a dynamic reference to Secrets Manager (or
// SSM SecureString), or a `Ref` to a `NoEcho` parameter. Where credentials live is known per type
// (the connection's auth parameters, API key values); any other property named like a credential
// is held to the same rule, so a new resource type cannot slip one in.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html
import {
  alternatives,
  isObject,
  resources,
  walk,
  type Finding,
  type Json,
  type Template,
} from './template-walk.ts';

const CHECK = 'no-inline-secret';
const SECRET_KEYS =
  /^(ApiKeyValue|Password|ClientSecret|ClientID|Username|Secret|SecretString|Token|PrivateKey)$|secret|password|token/i;
const DYNAMIC = /^\{\{resolve:(secretsmanager|ssm-secure):[^}]+\}\}$/;
/** The same inside `Fn::Sub`, where `${Param}` may be part of the name. */
const DYNAMIC_SUB = /^\{\{resolve:(secretsmanager|ssm-secure):(?:[^}$]|\$\{[\w:.]+\})+\}\}$/;

export function checkNoInlineSecrets(template: Template): Finding[] {
  const findings: Finding[] = [];
  const noEcho = new Set(
    Object.entries(template.Parameters ?? {})
      .filter(([, p]) => isObject(p) && (p['NoEcho'] === true || p['NoEcho'] === 'true'))
      .map(([name]) => name),
  );
  const judge = (value: Json, at: string) => {
    for (const leaf of alternatives(value)) {
      if (typeof leaf === 'string' && DYNAMIC.test(leaf)) continue;
      // A dynamic reference whose name depends on a parameter (`portico/x-${Environment}`).
      if (isObject(leaf) && typeof leaf['Fn::Sub'] === 'string' && DYNAMIC_SUB.test(leaf['Fn::Sub']))
        continue;
      if (isObject(leaf) && typeof leaf['Ref'] === 'string' && noEcho.has(leaf['Ref'])) continue;
      findings.push({
        check: CHECK,
        at,
        message: `credential is inline (${describe(leaf)}); use {{resolve:secretsmanager:...}} or a NoEcho parameter`,
      });
    }
  };
  for (const [id, resource] of resources(template)) {
    const props = resource.Properties ?? {};
    if (resource.Type === 'AWS::ApiGateway::ApiKey' && props['Value'] !== undefined)
      judge(props['Value'], `Resources/${id}/Properties/Value`);
    for (const [node, path] of walk(props, `Resources/${id}/Properties`)) {
      if (!isObject(node)) continue;
      // OAuth/HTTP parameters: { Key, Value, IsValueSecret } pairs (AWS::Events::Connection).
      if (node['IsValueSecret'] === true && node['Value'] !== undefined)
        judge(node['Value'], `${path}/Value`);
      for (const [key, value] of Object.entries(node)) {
        if (key !== 'IsValueSecret' && SECRET_KEYS.test(key) && (isScalar(value) || isIntrinsic(value)))
          judge(value, `${path}/${key}`);
      }
    }
  }
  return dedupe(findings);
}

const isScalar = (value: Json): boolean => !isObject(value) && !Array.isArray(value);
const isIntrinsic = (value: Json): boolean =>
  isObject(value) && Object.keys(value).length === 1 && /^(Ref|Fn::)/.test(Object.keys(value)[0]!);

function describe(value: Json): string {
  return typeof value === 'string'
    ? `a ${value.length}-character string`
    : JSON.stringify(value).slice(0, 60);
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => !seen.has(f.at + f.message) && (seen.add(f.at + f.message), true));
}
