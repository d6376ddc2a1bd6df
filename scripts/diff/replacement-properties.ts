// The properties whose change makes CloudFormation replace a resource (delete and create it, with
// a new physical id) rather than update it in place, for the resource types the generated SAM
// template uses. From the AWS CloudFormation User Guide, each property's "Update requires:
// Replacement" (AWS::Events::Rule, ::Connection, ::ApiDestination, ::EventBus, ::Archive;
// AWS::SQS::Queue; AWS::DynamoDB::Table; AWS::SNS::Topic; AWS::S3::Bucket; AWS::IAM::Role;
// AWS::ApiGateway::ApiKey, ::UsagePlanKey; AWS::Lambda::Function, which AWS::Serverless::Function
// becomes; AWS::Lambda::Permission). A type that is not listed is never reported as replaced.
type Obj = Record<string, unknown>;

export const REPLACEMENT_PROPERTIES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'AWS::Events::Rule': ['Name', 'EventBusName'],
  'AWS::Events::Connection': ['Name'],
  'AWS::Events::ApiDestination': ['Name'],
  'AWS::Events::EventBus': ['Name', 'EventSourceName'],
  'AWS::Events::Archive': ['ArchiveName', 'SourceArn'],
  'AWS::SQS::Queue': ['QueueName', 'FifoQueue'],
  'AWS::DynamoDB::Table': ['TableName', 'KeySchema'],
  'AWS::SNS::Topic': ['TopicName', 'FifoTopic'],
  'AWS::S3::Bucket': ['BucketName'],
  'AWS::IAM::Role': ['RoleName', 'Path'],
  'AWS::ApiGateway::ApiKey': ['Name', 'Value', 'GenerateDistinctId'],
  'AWS::ApiGateway::UsagePlanKey': ['KeyId', 'KeyType', 'UsagePlanId'],
  'AWS::Serverless::Function': ['FunctionName'],
  'AWS::Lambda::Permission': [
    'Action',
    'FunctionName',
    'Principal',
    'SourceArn',
    'SourceAccount',
    'EventSourceToken',
  ],
});

/** The replacement properties that differ between two versions of one resource. */
export function replacementOf(a: Obj, b: Obj): string[] {
  if (a.Type !== b.Type) return ['Type'];
  const names = REPLACEMENT_PROPERTIES[String(b.Type)] ?? [];
  const pa = (a.Properties ?? {}) as Obj;
  const pb = (b.Properties ?? {}) as Obj;
  return names.filter((n) => JSON.stringify(pa[n]) !== JSON.stringify(pb[n]));
}
