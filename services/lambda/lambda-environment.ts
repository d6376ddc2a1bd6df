// What every AWS Lambda entry point of the services needs first: its settings from the environment
// (a missing one stops the cold start with the function's name and the variable's), and one DynamoDB
// document client that drops undefined members instead of refusing them.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Reads a required environment variable; throws `<service>: <NAME> is not set` when it is empty. */
export function environmentOf(service: string): (name: string) => string {
  return (name) => {
    const value = process.env[name];
    if (!value) throw new Error(`${service}: ${name} is not set`);
    return value;
  };
}

export function documentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
}
