// Which template changes CloudFormation carries out by replacing the resource.
import { describe, expect, it } from 'vitest';
import { samChanges } from './impact-outputs.ts';
import { replacementOf } from './replacement-properties.ts';

const rule = (props: Record<string, unknown>) => ({
  Type: 'AWS::Events::Rule',
  Properties: { Name: 'r', EventBusName: 'b', EventPattern: {}, ...props },
});

describe('replacementOf', () => {
  it.each([
    ['a rule renamed is replaced', rule({}), rule({ Name: 'r2' }), ['Name']],
    ['a rule moved to another bus is replaced', rule({}), rule({ EventBusName: 'b2' }), ['EventBusName']],
    [
      'a rule whose pattern changes is updated in place',
      rule({}),
      rule({ EventPattern: { source: ['x'] } }),
      [],
    ],
    [
      'a queue renamed is replaced',
      { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'q' } },
      { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'q2' } },
      ['QueueName'],
    ],
    [
      'a table whose key changes is replaced',
      { Type: 'AWS::DynamoDB::Table', Properties: { KeySchema: [{ AttributeName: 'a' }] } },
      { Type: 'AWS::DynamoDB::Table', Properties: { KeySchema: [{ AttributeName: 'b' }] } },
      ['KeySchema'],
    ],
    [
      'a resource whose type changes is replaced',
      rule({}),
      { Type: 'AWS::SQS::Queue', Properties: {} },
      ['Type'],
    ],
    [
      'a type with no listed property is never replaced',
      { Type: 'AWS::X::Y', Properties: { Name: 'a' } },
      { Type: 'AWS::X::Y', Properties: { Name: 'b' } },
      [],
    ],
  ])('%s', (_name, a, b, want) => {
    expect(replacementOf(a, b)).toEqual(want);
  });

  it('samChanges names created, deleted, replaced and updated resources', () => {
    expect(
      samChanges(
        { Kept: rule({}), Renamed: rule({}), Gone: rule({}) },
        { Kept: rule({ EventPattern: { a: [1] } }), Renamed: rule({ Name: 'x' }), New: rule({}) },
      ).map((c) => c.line),
    ).toEqual([
      'SAM resource Gone (AWS::Events::Rule) deleted',
      'SAM resource Kept (AWS::Events::Rule) updated in place',
      'SAM resource New (AWS::Events::Rule) created',
      'SAM resource Renamed (AWS::Events::Rule) REPLACED: Name changes',
    ]);
  });
});
