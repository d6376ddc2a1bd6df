import { ruleArn, busNameOf } from '../arns.ts';
import type { LocalBus } from '../local-bus.ts';
import type { RuleRecord } from '../resources/rule-store.ts';
import { managedRule, notFound, validationError } from '../server/aws-error.ts';
import { optionalString, paginate, requireName, type Input } from './input.ts';
import { checkPattern } from './check-pattern.ts';
import { API_CALLER, managedChange, type Caller } from './managed-change.ts';
import { INVALID_SCHEDULE_MESSAGE, parseSchedule } from '../schedule/schedule-expression.ts';

// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html and siblings.

const STATES = new Set(['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS']);

export function busOf(input: Input, bus: LocalBus): string {
  const name = busNameOf(optionalString(input, 'EventBusName'));
  if (!bus.buses.get(name)) throw notFound(`Event bus ${name} does not exist.`);
  return name;
}

export function ruleOf(input: Input, bus: LocalBus, key = 'Name'): RuleRecord {
  const busName = busOf(input, bus);
  const name = requireName(input, key);
  const rule = bus.rules.get(busName, name);
  if (!rule) throw notFound(`Rule ${name} does not exist on EventBus ${busName}.`);
  return rule;
}

function describe(bus: LocalBus, r: RuleRecord): Record<string, unknown> {
  return {
    Name: r.name,
    Arn: ruleArn(bus.identity, r.bus, r.name),
    ...(r.eventPattern ? { EventPattern: r.eventPattern } : {}),
    ...(r.scheduleExpression ? { ScheduleExpression: r.scheduleExpression } : {}),
    State: r.state,
    ...(r.description ? { Description: r.description } : {}),
    ...(r.roleArn ? { RoleArn: r.roleArn } : {}),
    ...(r.managedBy ? { ManagedBy: r.managedBy } : {}),
    EventBusName: r.bus,
  };
}

function PutRule(input: Input, bus: LocalBus, caller: Caller = API_CALLER): unknown {
  const busName = busOf(input, bus);
  const name = requireName(input, 'Name');
  const eventPattern = optionalString(input, 'EventPattern');
  const scheduleExpression = optionalString(input, 'ScheduleExpression');
  if (!eventPattern && !scheduleExpression) {
    throw validationError('Parameter(s) EventPattern or ScheduleExpression must be specified.');
  }
  if (scheduleExpression && busName !== 'default') {
    throw validationError('ScheduleExpression is supported only on the default event bus.');
  }
  if (scheduleExpression) checkSchedule(scheduleExpression);
  if (eventPattern) checkPattern(eventPattern);
  const state = optionalString(input, 'State') ?? 'ENABLED';
  if (!STATES.has(state))
    throw validationError(
      `Value '${state}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]`,
    );
  const existing = bus.rules.get(busName, name);
  if (existing) managedChange(existing, input, caller, () => managedRule(name));
  const description = optionalString(input, 'Description');
  const roleArn = optionalString(input, 'RoleArn');
  bus.rules.put({
    bus: busName,
    name,
    ...(eventPattern ? { eventPattern } : {}),
    ...(scheduleExpression ? { scheduleExpression } : {}),
    state: state as RuleRecord['state'],
    ...(description ? { description } : {}),
    ...(roleArn ? { roleArn } : {}),
    // A forced change keeps the rule the catalogue's: still protected, and rewritten at the next install.
    ...(existing?.managedBy ? { managedBy: existing.managedBy } : {}),
    targets: existing?.targets ?? [],
  });
  return { RuleArn: ruleArn(bus.identity, busName, name) };
}

function checkSchedule(expression: string): void {
  try {
    parseSchedule(expression);
  } catch {
    throw validationError(INVALID_SCHEDULE_MESSAGE);
  }
}

/** DescribeRule adds CreatedBy, the account that made the rule (recorded answer), which ListRules leaves out. */
function DescribeRule(input: Input, bus: LocalBus): unknown {
  return { ...describe(bus, ruleOf(input, bus)), CreatedBy: bus.identity.accountId };
}

function ListRules(input: Input, bus: LocalBus): unknown {
  const prefix = optionalString(input, 'NamePrefix') ?? '';
  const { page, nextToken } = paginate(
    bus.rules.list(busOf(input, bus)).filter((r) => r.name.startsWith(prefix)),
    input,
  );
  return { Rules: page.map((r) => describe(bus, r)), ...(nextToken ? { NextToken: nextToken } : {}) };
}

function DeleteRule(input: Input, bus: LocalBus): unknown {
  const busName = busOf(input, bus);
  const name = requireName(input, 'Name');
  const rule = bus.rules.get(busName, name);
  if (!rule) return {}; // AWS: deleting a rule that does not exist succeeds.
  if (rule.managedBy && input.Force !== true) throw managedRule(name);
  if (rule.targets.length > 0) throw validationError("Rule can't be deleted since it has targets.");
  bus.rules.delete(busName, name);
  return {};
}

function setState(state: 'ENABLED' | 'DISABLED') {
  return (input: Input, bus: LocalBus, caller: Caller = API_CALLER): unknown => {
    const rule = ruleOf(input, bus);
    managedChange(rule, input, caller, () => managedRule(rule.name));
    bus.rules.put({ ...rule, state });
    return {};
  };
}

export const ruleOperations = {
  PutRule,
  DescribeRule,
  ListRules,
  DeleteRule,
  EnableRule: setState('ENABLED'),
  DisableRule: setState('DISABLED'),
};
