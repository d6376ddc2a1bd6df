import { sameResource } from '../arns.ts';
import type { LocalBus } from '../local-bus.ts';
import type { Input } from './input.ts';
import { paginate } from './input.ts';
import { busOf } from './rules.ts';

/** https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_ListRuleNamesByTarget.html */
function ListRuleNamesByTarget(input: Input, bus: LocalBus): unknown {
  const arn = input.TargetArn as string;
  const names = bus.rules
    .list(busOf(input, bus))
    .filter((r) => r.targets.some((t) => sameResource(t.Arn, arn)))
    .map((r) => r.name);
  const { page, nextToken } = paginate(names, input);
  return { RuleNames: page, ...(nextToken ? { NextToken: nextToken } : {}) };
}

export const listRuleNamesByTargetOperations = { ListRuleNamesByTarget };
