// The resources every deployment has, whatever the partners: the bus and its archive, the request
// table and the document bucket (the notification topic and its rule: notification-topic.ts).
import { getAtt, IS_PROD, ref, sub, type CfnObject, type Resource } from './cfn.ts';
import type { InfraContext } from './infra-context.ts';

export const PARAMETERS: CfnObject = {
  Environment: {
    Type: 'String',
    AllowedValues: ['prod', 'test'],
    Default: 'prod',
    Description:
      'Which of each partner file environments this stack delivers to (endpoints, credentials, rules).',
  },
  BusName: {
    Type: 'String',
    Default: 'marketplace',
    AllowedPattern: '[A-Za-z0-9._-]{1,256}',
    Description: 'Name of the event bus the producers put events on.',
  },
  ArchiveRetentionDays: {
    Type: 'Number',
    Default: 365,
    MinValue: 0,
    Description: 'Days the archive (the data lake) keeps every event; 0 keeps them forever.',
  },
};

export const CONDITIONS: CfnObject = { [IS_PROD]: { 'Fn::Equals': [ref('Environment'), 'prod'] } };

export function coreResources(_ctx: InfraContext): Record<string, Resource> {
  return {
    MarketplaceBus: { Type: 'AWS::Events::EventBus', Properties: { Name: ref('BusName') } },
    EventArchive: {
      Type: 'AWS::Events::Archive',
      Properties: {
        ArchiveName: sub('${BusName}-lake-${Environment}'),
        Description: 'Every event on the bus, for the data lake and for replay.',
        SourceArn: getAtt('MarketplaceBus', 'Arn'),
        RetentionDays: ref('ArchiveRetentionDays'),
      },
    },
    // Keys as services/request-store/dynamodb-request-store.ts uses them: the table key serves a
    // request lookup, gsi1 a partner's list and gsi2 a partner's poll by status.
    RequestTable: {
      Type: 'AWS::DynamoDB::Table',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        KeySchema: keySchema('pk', 'sk'),
        GlobalSecondaryIndexes: ['gsi1', 'gsi2'].map((index) => ({
          IndexName: index,
          KeySchema: keySchema(`${index}pk`, `${index}sk`),
          Projection: { ProjectionType: 'ALL' },
        })),
        // Idempotency records carry `ttl` (epoch seconds): DynamoDB deletes them once past.
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      },
    },
    DocumentBucket: {
      Type: 'AWS::S3::Bucket',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: true },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        VersioningConfiguration: { Status: 'Enabled' },
      },
    },
    DocumentBucketPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: ref('DocumentBucket'),
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'DenyInsecureTransport',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: [getAtt('DocumentBucket', 'Arn'), sub('${DocumentBucket.Arn}/*')],
              Condition: { Bool: { 'aws:SecureTransport': false } },
            },
          ],
        },
      },
    },
  };
}

function keySchema(hash: string, range: string): CfnObject[] {
  return [
    { AttributeName: hash, KeyType: 'HASH' },
    { AttributeName: range, KeyType: 'RANGE' },
  ];
}
