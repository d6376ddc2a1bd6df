import type { LocalBus } from '../local-bus.ts';
import type { TargetRecord } from '../resources/rule-store.ts';
import { nameOfQueueArn } from '../queues/local-queues.ts';
import { parseJsonPath } from '../routing/json-path.ts';
import { RESERVED_VARIABLES } from '../routing/target-input.ts';
import { placeholdersOf } from '../routing/template-placeholders.ts';
import { limitExceeded, managedRule, validationError } from '../server/aws-error.ts';
import { optionalArray, paginate, type Input } from './input.ts';
import { ruleOf } from './rules.ts';
import { API_CALLER, managedChange, type Caller } from './managed-change.ts';

// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutTargets.html and siblings.

/** AWS's quota: 5 targets per rule. */
export const MAX_TARGETS_PER_RULE = 5;

function PutTargets(input: Input, bus: LocalBus, caller: Caller = API_CALLER): unknown {
  const rule = ruleOf(input, bus, 'Rule');
  managedChange(rule, input, caller, () => managedRule(rule.name));
  const given = optionalArray(input, 'Targets');
  if (!given || given.length === 0) {
    throw validationError(
      "1 validation error detected: Value null at 'targets' failed to satisfy constraint: Member must not be null",
    );
  }
  const targets = given.map(checkTarget);
  const byId = new Map(rule.targets.map((t) => [t.Id, t]));
  for (const t of targets) byId.set(t.Id, t);
  if (byId.size > MAX_TARGETS_PER_RULE) {
    throw limitExceeded(
      `The requested resource exceeds the maximum number allowed: ${MAX_TARGETS_PER_RULE} targets per rule.`,
    );
  }
  bus.rules.put({ ...rule, targets: [...byId.values()] });
  return { FailedEntryCount: 0, FailedEntries: [] };
}

function RemoveTargets(input: Input, bus: LocalBus, caller: Caller = API_CALLER): unknown {
  const rule = ruleOf(input, bus, 'Rule');
  managedChange(rule, input, caller, () => managedRule(rule.name));
  const ids = optionalArray(input, 'Ids');
  if (!ids || ids.length === 0 || ids.some((id) => typeof id !== 'string')) {
    throw validationError(
      "1 validation error detected: Value null at 'ids' failed to satisfy constraint: Member must not be null",
    );
  }
  const remove = new Set(ids as string[]);
  bus.rules.put({ ...rule, targets: rule.targets.filter((t) => !remove.has(t.Id)) });
  return { FailedEntryCount: 0, FailedEntries: [] };
}

function ListTargetsByRule(input: Input, bus: LocalBus): unknown {
  const rule = ruleOf(input, bus, 'Rule');
  const { page, nextToken } = paginate(rule.targets, input);
  return { Targets: page, ...(nextToken ? { NextToken: nextToken } : {}) };
}

/** Checks one target as AWS does before accepting it; the message names the target. */
export function checkTarget(raw: unknown): TargetRecord {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw validationError('Each target must be a structure.');
  const t = raw as TargetRecord;
  if (typeof t.Id !== 'string' || !/^[.\-_A-Za-z0-9]{1,64}$/.test(t.Id)) {
    throw validationError(
      `Target Id ${JSON.stringify(t.Id)} is not valid: 1 to 64 characters of [.-_A-Za-z0-9].`,
    );
  }
  if (typeof t.Arn !== 'string' || !t.Arn.startsWith('arn:')) {
    throw validationError(`Target ${t.Id}: Arn ${JSON.stringify(t.Arn)} is not a valid ARN.`);
  }
  const inputs = [t.Input, t.InputPath, t.InputTransformer].filter((v) => v !== undefined && v !== null);
  if (inputs.length > 1)
    throw validationError(
      `Only one of Input, InputPath, or InputTransformer must be provided for target ${t.Id}.`,
    );
  if (t.Input !== undefined) {
    try {
      JSON.parse(t.Input);
    } catch {
      throw validationError(`Target ${t.Id}: Input is not valid JSON text.`);
    }
  }
  if (t.InputPath !== undefined) checkPath(t.Id, 'InputPath', t.InputPath);
  if (t.InputTransformer) {
    const { InputTemplate, InputPathsMap = {} } = t.InputTransformer;
    if (typeof InputTemplate !== 'string')
      throw validationError(`Target ${t.Id}: InputTransformer.InputTemplate is required.`);
    const keys = Object.keys(InputPathsMap);
    if (keys.length > 100)
      throw validationError(`Target ${t.Id}: InputPathsMap has ${keys.length} keys, over the limit of 100.`);
    // Keys cannot name a reserved aws.events.* variable: the model's key pattern has no '.'.
    for (const key of keys) checkPath(t.Id, `InputPathsMap.${key}`, InputPathsMap[key]);
    // Recorded answer of the service for a placeholder InputPathsMap does not define.
    for (const { name } of placeholdersOf(InputTemplate)) {
      if (!Object.hasOwn(InputPathsMap, name) && !RESERVED_VARIABLES.has(name)) {
        throw validationError(`InputTemplate for target ${t.Id} contains invalid placeholder ${name}.`);
      }
    }
  }
  const retry = t.RetryPolicy;
  if (retry) {
    const attempts = retry.MaximumRetryAttempts;
    const age = retry.MaximumEventAgeInSeconds;
    if (attempts !== undefined && (!Number.isInteger(attempts) || attempts < 0 || attempts > 185)) {
      throw validationError(`Target ${t.Id}: RetryPolicy.MaximumRetryAttempts must be between 0 and 185.`);
    }
    if (age !== undefined && (!Number.isInteger(age) || age < 60 || age > 86_400)) {
      throw validationError(
        `Target ${t.Id}: RetryPolicy.MaximumEventAgeInSeconds must be between 60 and 86400.`,
      );
    }
  }
  const dlq = t.DeadLetterConfig?.Arn;
  if (dlq !== undefined && !nameOfQueueArn(dlq)) {
    throw validationError(`Target ${t.Id}: DeadLetterConfig.Arn ${dlq} is not an SQS queue ARN.`);
  }
  return t;
}

function checkPath(id: string, where: string, path: unknown): void {
  try {
    if (typeof path !== 'string') throw new Error('not a string');
    parseJsonPath(path);
  } catch (error) {
    throw validationError(`Target ${id}: ${where} is not a valid JSONPath: ${(error as Error).message}`);
  }
}

export const targetOperations = { PutTargets, RemoveTargets, ListTargetsByRule };
