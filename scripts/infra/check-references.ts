// Every `Ref`, `Fn::GetAtt`, `Fn::Sub` variable, `Fn::If` condition, `Condition` and `DependsOn`
// names something the template declares (a parameter, a resource, a condition) or a pseudo
// parameter. SAM's referenceable properties (`MyApi.Stage`, `MyFunction.Alias`) count as their
// resource's. A GetAtt attribute is checked for the types whose attributes are listed here.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources.html
import { isObject, walk, type Finding, type Json, type Template } from './template-walk.ts';

const CHECK = 'references-resolve';
const PSEUDO = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);
const SAM_REFERENCEABLE: Record<string, string[]> = {
  'AWS::Serverless::Api': ['Stage', 'Deployment'],
  'AWS::Serverless::Function': ['Alias', 'Version'],
};
/** GetAtt attributes of the types the template uses (each type's "Return values" page). */
export const ATTRIBUTES: Record<string, string[]> = {
  'AWS::Events::EventBus': ['Arn', 'Name', 'Policy'],
  'AWS::Events::Rule': ['Arn'],
  'AWS::Events::Connection': ['Arn', 'SecretArn', 'ArnForPolicy'],
  'AWS::Events::ApiDestination': ['Arn', 'ArnForPolicy'],
  'AWS::Events::Archive': ['Arn'],
  'AWS::SQS::Queue': ['Arn', 'QueueName', 'QueueUrl'],
  'AWS::SNS::Topic': ['TopicArn', 'TopicName'],
  'AWS::IAM::Role': ['Arn', 'RoleId'],
  'AWS::DynamoDB::Table': ['Arn', 'StreamArn'],
  'AWS::S3::Bucket': ['Arn', 'DomainName', 'RegionalDomainName', 'DualStackDomainName', 'WebsiteURL'],
  'AWS::Serverless::Function': ['Arn'],
  'AWS::Serverless::Api': ['RootResourceId'],
};

export function checkReferences(template: Template): Finding[] {
  const findings: Finding[] = [];
  const types = new Map(Object.entries(template.Resources ?? {}).map(([id, r]) => [id, r.Type]));
  const parameters = new Set(Object.keys(template.Parameters ?? {}));
  const conditions = new Set(Object.keys(template.Conditions ?? {}));
  const fail = (at: string, message: string) => findings.push({ check: CHECK, at, message });

  const ref = (name: string, at: string, locals: Set<string> = new Set()) => {
    if (PSEUDO.has(name) || parameters.has(name) || types.has(name) || locals.has(name)) return;
    const [resource, property] = name.split('.') as [string, string | undefined];
    if (property !== undefined && SAM_REFERENCEABLE[types.get(resource) ?? '']?.includes(property)) return;
    fail(at, `Ref ${name} names no parameter, resource or pseudo parameter`);
  };
  const getAtt = (resource: string, attribute: string, at: string) => {
    const type = types.get(resource);
    if (type === undefined) return fail(at, `GetAtt ${resource}.${attribute} names no resource`);
    if (SAM_REFERENCEABLE[type]?.includes(attribute)) return;
    const known = ATTRIBUTES[type];
    if (known !== undefined && !known.includes(attribute.split('.')[0]!))
      fail(at, `GetAtt ${resource}.${attribute}: ${type} has no attribute ${attribute}`);
  };

  for (const section of ['Resources', 'Outputs', 'Conditions'] as const) {
    for (const [node, path] of walk(template[section] as Json | undefined, section)) {
      if (!isObject(node)) continue;
      if (typeof node['Ref'] === 'string') ref(node['Ref'], path);
      const ga = node['Fn::GetAtt'];
      if (Array.isArray(ga) && typeof ga[0] === 'string' && typeof ga[1] === 'string')
        getAtt(ga[0], ga[1], path);
      else if (typeof ga === 'string') getAtt(ga.split('.')[0]!, ga.split('.').slice(1).join('.'), path);
      const s = node['Fn::Sub'];
      const [text, vars] = Array.isArray(s) ? [s[0], s[1]] : [s, undefined];
      if (typeof text === 'string') {
        const locals = new Set(isObject(vars) ? Object.keys(vars) : []);
        // `${!Literal}` is a literal `${Literal}` (Fn::Sub reference), not a variable.
        for (const [, name] of text.matchAll(/\$\{(?!!)([^}]+)\}/g)) {
          const v = name!.trim();
          const dot = v.indexOf('.');
          if (locals.has(v) || dot === -1 || PSEUDO.has(v)) ref(v, path, locals);
          else getAtt(v.slice(0, dot), v.slice(dot + 1), path);
        }
      }
      const cond = node['Fn::If'];
      if (Array.isArray(cond) && typeof cond[0] === 'string' && !conditions.has(cond[0]))
        fail(path, `Fn::If condition ${cond[0]} is not declared`);
    }
  }
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    if (resource.Condition !== undefined && !conditions.has(resource.Condition))
      fail(`Resources/${id}/Condition`, `condition ${resource.Condition} is not declared`);
    for (const dep of [resource.DependsOn ?? []].flat()) {
      if (!types.has(dep)) fail(`Resources/${id}/DependsOn`, `DependsOn ${dep} names no resource`);
    }
  }
  return findings;
}
