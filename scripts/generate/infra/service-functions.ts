// The services as `AWS::Serverless::Function`s, bundled by `sam build` with esbuild from their
// Lambda entry points under services/, and the consumers' subscriptions as `EventBridgeRule` events,
// each with its retry policy and a dead-letter queue that admits only that function's rules.
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-sam-cli-using-build-typescript.html
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-eventbridgerule.html
import {
  deadLetterQueue,
  deadLetterQueuePolicy,
  getAtt,
  pascalCase,
  ref,
  ruleArn,
  sub,
  type Cfn,
  type CfnObject,
  type Resource,
} from './cfn.ts';
import { eventPattern, type InfraContext } from './infra-context.ts';

interface Service {
  logicalId: string;
  /** Folder under services/; its Lambda entry point is `lambda.ts` exporting `handler`. */
  dir: string;
  description: string;
  /** Detail-types the service consumes from the bus. */
  consumes: string[];
  statements: CfnObject[];
  /** Variables beyond the globals' (BUS_NAME, REQUEST_TABLE, DOCUMENT_BUCKET, PORTICO_ENVIRONMENT). */
  environment?: CfnObject;
}

const TABLE = [
  getAtt('RequestTable', 'Arn'),
  sub('${RequestTable.Arn}/index/gsi1'),
  sub('${RequestTable.Arn}/index/gsi2'),
];
const putEvents: CfnObject = {
  Effect: 'Allow',
  Action: 'events:PutEvents',
  Resource: getAtt('MarketplaceBus', 'Arn'),
};
const table = (actions: string[]): CfnObject => ({
  Effect: 'Allow',
  Action: actions.map((a) => `dynamodb:${a}`),
  Resource: TABLE,
});
const regional = (service: string, resource: string) =>
  sub(`arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}`);

export const SERVICES: readonly Service[] = [
  {
    logicalId: 'MarketplaceApiFunction',
    dir: 'marketplace-api',
    description: 'The Marketplace API partners call (behind API Gateway).',
    consumes: [],
    statements: [
      table([
        'ConditionCheckItem',
        'DeleteItem',
        'GetItem',
        'PutItem',
        'Query',
        'TransactWriteItems',
        'UpdateItem',
      ]),
      putEvents,
      // Self-service: a partner's endpoint and credentials, on the catalogue's own resources only.
      {
        Effect: 'Allow',
        Action: ['events:UpdateApiDestination', 'events:UpdateConnection'],
        Resource: [
          regional('events', 'api-destination/portico-*'),
          regional('events', 'connection/portico-*'),
        ],
      },
      // UpdateConnection keeps the credentials in the connection's own Secrets Manager secret,
      // with the caller's permissions.
      // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html
      {
        Effect: 'Allow',
        Action: [
          'secretsmanager:DescribeSecret',
          'secretsmanager:GetSecretValue',
          'secretsmanager:PutSecretValue',
          'secretsmanager:UpdateSecret',
        ],
        Resource: regional('secretsmanager', 'secret:events!connection/portico-*'),
      },
    ],
    environment: {
      // Seals webhook secrets in the table (AES-256-GCM); a dynamic reference, never inline.
      PORTICO_SECRET_KEY: sub(
        '{{resolve:secretsmanager:portico/marketplace-api-${Environment}:SecretString:secret_key}}',
      ),
    },
  },
  {
    logicalId: 'RequestStoreFunction',
    dir: 'request-store',
    description: 'Records each request with the partners it is for, and applies status changes.',
    consumes: ['marketplace requests', 'request status changed'],
    statements: [table(['GetItem', 'PutItem', 'TransactWriteItems', 'UpdateItem'])],
  },
  {
    logicalId: 'NotifierFunction',
    dir: 'notifier',
    description:
      'Turns registrations and status changes into notification requested events, and logs each once.',
    // It sends nothing: NotificationTopicRule publishes `notification requested` to the topic
    // (notification-topic.ts). It hears those events only to keep the log the portal shows.
    consumes: ['user registered', 'request status changed', 'notification requested'],
    statements: [
      putEvents,
      // User contacts and the notification log (a conditional put per notification id).
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        Resource: getAtt('RequestTable', 'Arn'),
      },
    ],
  },
  {
    logicalId: 'UserPortalFunction',
    dir: 'user-portal',
    description: 'The user portal stand-in: places requests, stores their documents, shows status.',
    consumes: ['request status changed'],
    statements: [
      putEvents,
      // Users and timelines (its own), requests and the notification log (read).
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
        Resource: getAtt('RequestTable', 'Arn'),
      },
      {
        // GetObject also authorises HeadObject and the pre-signed GET URLs the function signs.
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: sub('${DocumentBucket.Arn}/documents/*'),
      },
    ],
  },
];

export const FUNCTION_GLOBALS = (ctx: InfraContext): CfnObject => ({
  Function: {
    Runtime: ctx.runtime,
    Architectures: ['arm64'],
    MemorySize: 512,
    Timeout: 10,
    Environment: {
      Variables: {
        PORTICO_ENVIRONMENT: ref('Environment'),
        BUS_NAME: ref('MarketplaceBus'),
        REQUEST_TABLE: ref('RequestTable'),
        DOCUMENT_BUCKET: ref('DocumentBucket'),
      },
    },
  },
});

export function serviceResources(ctx: InfraContext): Record<string, Resource> {
  const out: Record<string, Resource> = {};
  for (const service of SERVICES) {
    const queue = `${service.logicalId.replace(/Function$/, '')}DeadLetterQueue`;
    const events: CfnObject = {};
    const rules: Cfn[] = [];
    for (const detailType of service.consumes) {
      const ruleName = `portico-${service.dir}-${detailType.replace(/[^A-Za-z0-9]+/g, '-')}-\${Environment}`;
      rules.push(ruleArn(ruleName));
      events[pascalCase(detailType)] = {
        Type: 'EventBridgeRule',
        Properties: {
          EventBusName: ref('MarketplaceBus'),
          RuleName: sub(ruleName),
          Pattern: eventPattern(ctx.eventTypes, detailType),
          RetryPolicy: ctx.consumerRetryPolicy,
          DeadLetterConfig: { Arn: getAtt(queue, 'Arn') },
        },
      };
    }
    out[service.logicalId] = {
      Type: 'AWS::Serverless::Function',
      Metadata: {
        BuildMethod: 'esbuild',
        BuildProperties: {
          Format: 'esm',
          OutExtension: ['.js=.mjs'],
          Target: 'es2022',
          Sourcemap: true,
          EntryPoints: [`services/${service.dir}/lambda.ts`],
        },
      },
      Properties: {
        Description: service.description,
        CodeUri: '..',
        Handler: 'lambda.handler',
        Policies: [{ Version: '2012-10-17', Statement: service.statements }],
        ...(service.environment ? { Environment: { Variables: service.environment } } : {}),
        ...(rules.length > 0 ? { Events: events } : {}),
      },
    };
    if (rules.length > 0) {
      out[queue] = deadLetterQueue();
      out[`${queue}Policy`] = deadLetterQueuePolicy(queue, rules);
    }
  }
  return out;
}
