// The template generator: a pure function from the catalogue to `infra/template.yaml`, an AWS SAM
// template (one stack per environment, chosen by the `Environment` parameter). Same input, same
// bytes: resources come in a fixed order (core, notification topic, services, API, then partners by id) and YAML is
// written without line folding.
import { Document, Scalar } from 'yaml';
import type { GeneratedFile, GenerateContext } from '../context.ts';
import { IS_PROD, IS_TEST, partnerLogicalId, type CfnObject, type Resource } from './cfn.ts';
import { CONDITIONS, coreResources, PARAMETERS } from './core-resources.ts';
import { resolveInfraContext, type InfraContext, type InfraOptions } from './infra-context.ts';
import type { InfraModel } from './infra-model.ts';
import { apiUrl, marketplaceApiResources } from './marketplace-api.ts';
import { NOTIFICATION_DLQ, notificationTopicResources } from './notification-topic.ts';
import { partnerCondition, partnerResources, type PartnerRules } from './partner-resources.ts';
import { FUNCTION_GLOBALS, SERVICES, serviceResources } from './service-functions.ts';

/** The generator's output folder: it holds this generated template only (DESIGN.md). */
export const INFRA_DIR = 'infra';
export const TEMPLATE_FILE = 'template.yaml';

export function generateInfra(
  model: InfraModel,
  ctx: GenerateContext,
  options: InfraOptions = {},
): GeneratedFile[] {
  const header = `# ${ctx.notice}\n# An AWS SAM template: sam build -t infra/template.yaml && sam deploy --guided (docs/aws.md).\n`;
  const doc = new Document(buildTemplate(model, options));
  // Quoted as AWS's own examples are: a YAML 1.1 reader would take 2010-09-09 for a date.
  const version = doc.get('AWSTemplateFormatVersion', true);
  if (version instanceof Scalar) version.type = Scalar.QUOTE_DOUBLE;
  return [{ path: TEMPLATE_FILE, contents: header + doc.toString({ lineWidth: 0 }) }];
}

export function buildTemplate(model: InfraModel, options: InfraOptions = {}): CfnObject {
  const ctx = resolveInfraContext(model, options);
  const resources: Record<string, Resource> = {
    ...coreResources(ctx),
    ...notificationTopicResources(ctx),
    ...serviceResources(ctx),
    ...marketplaceApiResources(model.apiOperations, ctx),
  };
  const outputs: CfnObject = coreOutputs(ctx);
  const conditions = new Set<string>();
  const partners = [...model.partners].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const partner of partners) {
    const rules = partnerRules(model, partner.id);
    const own = partnerResources(partner, rules, ctx);
    if (Object.keys(own).length === 0) continue; // local-only in every environment: nothing on AWS
    for (const [logicalId, resource] of Object.entries(own)) {
      if (logicalId in resources) {
        throw new Error(
          `catalog/partners/${partner.id}.yaml: logical ID ${logicalId} is already taken; rename the partner id`,
        );
      }
      resources[logicalId] = resource;
    }
    const condition = partnerCondition(rules);
    if (condition !== undefined) conditions.add(condition);
    Object.assign(outputs, partnerOutputs(partner.id, partner.delivery, condition));
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Transform: 'AWS::Serverless-2016-10-31',
    Description: `Portico: the ${model.bus} event gateway, generated from the catalogue`,
    Parameters: PARAMETERS,
    Conditions: conditionsUsed(conditions),
    Globals: FUNCTION_GLOBALS(ctx),
    Resources: resources as unknown as CfnObject,
    Outputs: outputs,
  };
}

function partnerRules(model: InfraModel, partner: string): PartnerRules {
  const pick = (environment: 'prod' | 'test') => {
    const rule = model.rules.find((r) => r.partner === partner && r.environment === environment);
    if (rule === undefined)
      throw new Error(`generated/catalog-model.ts: no ${environment} rule for partner ${partner}`);
    return rule;
  };
  return { prod: pick('prod'), test: pick('test') };
}

function output(description: string, value: CfnObject | string): CfnObject {
  return { Description: description, Value: value };
}

function coreOutputs(ctx: InfraContext): CfnObject {
  const out: CfnObject = {
    ApiUrl: output('Base URL of the Marketplace API, for partners', apiUrl(ctx)),
    BusArn: output('ARN of the event bus', { 'Fn::GetAtt': ['MarketplaceBus', 'Arn'] }),
    BusName: output('Name of the event bus (deploy-rules, put-events)', { Ref: 'MarketplaceBus' }),
    RequestTableName: output('DynamoDB request table', { Ref: 'RequestTable' }),
    DocumentBucketName: output('S3 bucket of request documents', { Ref: 'DocumentBucket' }),
    NotificationTopicArn: output('SNS topic of notifications (subscribe email or SMS)', {
      Ref: 'NotificationTopic',
    }),
  };
  out[`${NOTIFICATION_DLQ}Url`] = output('Notifications the topic did not take', { Ref: NOTIFICATION_DLQ });
  for (const service of SERVICES) {
    if (service.consumes.length === 0) continue;
    const queue = `${service.logicalId.replace(/Function$/, '')}DeadLetterQueue`;
    out[`${queue}Url`] = output(`Events ${service.dir} did not take`, { Ref: queue });
  }
  return out;
}

/** `IsProd` always (the core resources use it); `IsTest` only when a partner needs it. */
function conditionsUsed(used: ReadonlySet<string>): CfnObject {
  return used.has(IS_TEST)
    ? { ...CONDITIONS, [IS_TEST]: { 'Fn::Not': [{ Condition: IS_PROD }] } }
    : CONDITIONS;
}

function partnerOutputs(partner: string, delivery: 'webhook' | 'poll', condition?: string): CfnObject {
  const id = partnerLogicalId(partner);
  const when: CfnObject = condition === undefined ? {} : { Condition: condition };
  const out: CfnObject = {
    [`${id}ApiKeyId`]: { ...when, ...output(`Marketplace API key id of ${partner}`, { Ref: `${id}ApiKey` }) },
  };
  if (delivery === 'webhook') {
    out[`${id}DeadLetterQueueUrl`] = {
      ...when,
      ...output(`Requests ${partner} did not take`, { Ref: `${id}DeadLetterQueue` }),
    };
  }
  return out;
}
