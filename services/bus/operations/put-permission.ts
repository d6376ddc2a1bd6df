import { busArn } from '../arns.ts';
import type { LocalBus } from '../local-bus.ts';
import { notFound, validationError } from '../server/aws-error.ts';
import type { Input } from './input.ts';

// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutPermission.html and RemovePermission.
// Locally the policy is kept and answered by DescribeEventBus; it grants nothing, as the bus checks no
// caller (any SigV4 signature is accepted).

interface Statement {
  Sid: string;
  Effect: 'Allow';
  Principal: string | { AWS: string };
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

interface Policy {
  Version: '2012-10-17';
  Statement: Statement[];
}

function busNameOf(input: Input, bus: LocalBus): string {
  const name = typeof input.EventBusName === 'string' ? input.EventBusName : 'default';
  if (!bus.buses.get(name)) throw notFound(`Event bus ${name} does not exist.`);
  return name;
}

function policyOf(bus: LocalBus, name: string): Policy {
  const text = bus.policies.get(name);
  return text ? (JSON.parse(text) as Policy) : { Version: '2012-10-17', Statement: [] };
}

function PutPermission(input: Input, bus: LocalBus): unknown {
  const name = busNameOf(input, bus);
  if (typeof input.Policy === 'string') {
    try {
      JSON.parse(input.Policy);
    } catch {
      throw validationError('Policy is not valid JSON.');
    }
    bus.policies.put(name, input.Policy);
    return {};
  }
  const { Action: action, Principal: principal, StatementId: sid } = input;
  if (typeof action !== 'string' || typeof principal !== 'string' || typeof sid !== 'string') {
    throw validationError('Either Policy or Action, Principal and StatementId must be provided.');
  }
  const statement: Statement = {
    Sid: sid,
    Effect: 'Allow',
    Principal: principal === '*' ? '*' : { AWS: `arn:aws:iam::${principal}:root` },
    Action: action,
    Resource: busArn(bus.identity, name),
  };
  const condition = input.Condition as { Type: string; Key: string; Value: string } | undefined;
  if (condition) statement.Condition = { [condition.Type]: { [condition.Key]: condition.Value } };
  const policy = policyOf(bus, name);
  policy.Statement = [...policy.Statement.filter((s) => s.Sid !== sid), statement];
  bus.policies.put(name, JSON.stringify(policy));
  return {};
}

function RemovePermission(input: Input, bus: LocalBus): unknown {
  const name = busNameOf(input, bus);
  if (input.RemoveAllPermissions === true) {
    bus.policies.delete(name);
    return {};
  }
  const policy = policyOf(bus, name);
  const kept = policy.Statement.filter((s) => s.Sid !== input.StatementId);
  // Recorded answer of the service for a StatementId the policy does not hold.
  if (kept.length === policy.Statement.length)
    throw notFound('Statement with the provided id does not exist.');
  if (kept.length === 0) bus.policies.delete(name);
  else bus.policies.put(name, JSON.stringify({ ...policy, Statement: kept }));
  return {};
}

export const permissionOperations = { PutPermission, RemovePermission };
