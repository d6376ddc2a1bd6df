// Every generated rule pattern is a valid EventBridge pattern and can match at least one event of
// its schema: for each branch kind (addressed, filtered) a witness detail is built from the
// message's first valid example and the branch, validated against the detail schema, and matched
// with the pattern engine. A filter that no valid event can satisfy is a rule that never fires.
import { PatternError, matchesPattern, parsePattern } from '../../services/pattern/index.ts';
import { FILTER_FIELDS, routingBranches, routingPattern } from '../generate/routing-pattern.ts';
import { ENVIRONMENTS, type EventDefinition, type PartnerEntry } from './catalogue.ts';
import { describe } from './load-partners.ts';
import type { Problem } from './problem.ts';
import type { SchemaValidator } from './schema-validator.ts';
import { problemAt } from './source-file.ts';
import { minimalInstance, witnessDetail } from './witness.ts';

type Obj = Record<string, unknown>;

export function checkRules(
  partner: PartnerEntry,
  event: EventDefinition,
  bases: readonly unknown[],
  validator: SchemaValidator,
): Problem[] {
  const { source, declaration } = partner;
  const problems: Problem[] = [];
  const base = (bases.find((b) => validator.accepts(event.schema, b)) ??
    minimalInstance(event.schema)) as Obj;
  for (const env of ENVIRONMENTS) {
    const rule = `portico-${declaration.id}-${env}`;
    const pattern = routingPattern(declaration, env, event);
    try {
      parsePattern(pattern);
    } catch (error) {
      if (!(error instanceof PatternError)) throw error;
      problems.push(problemAt(source, '#/fulfils', `rule ${rule}: ${error.message}`));
      continue;
    }
    const branches = routingBranches(declaration, env);
    // One branch of each kind: the first is addressed, the last filtered (see routingBranches).
    const kinds: [string, string, Obj][] = [
      ['addressed', '#/id', branches[0] as Obj],
      ['filtered', '#/fulfils', branches[branches.length - 1] as Obj],
    ];
    for (const [kind, pointer, branch] of kinds) {
      const detail = witnessDetail(base, event.schema, branch, validator.accepts);
      const invalid = validator.errors(event.schema, detail)[0];
      if (invalid) {
        const where = invalid.instancePath === '' ? '' : ` at ${invalid.instancePath}`;
        const message = `rule ${rule} can never match a valid ${event.name} event (${kind}): ${describe(invalid)}${where}`;
        problems.push(problemAt(source, culprit(declaration, invalid.instancePath) ?? pointer, message));
        continue;
      }
      const envelope = {
        version: '0',
        id: '00000000-0000-4000-8000-000000000000',
        'detail-type': event.detailType,
        source: event.source,
        account: '000000000000',
        time: '2025-01-01T00:00:00Z',
        region: 'eu-west-1',
        resources: [],
        detail,
      };
      if (!matchesPattern(pattern, envelope)) {
        problems.push(problemAt(source, pointer, `rule ${rule} matches no ${kind} ${event.name} event`));
      }
    }
  }
  return problems;
}

/** The declaration that set the field a witness broke: a filter key, or the raw pattern's key. */
function culprit(declaration: PartnerEntry['declaration'], instancePath: string): string | undefined {
  const field = instancePath.split('/')[1];
  if (field === undefined) return undefined;
  const key = Object.entries(FILTER_FIELDS).find(([, f]) => f === field)?.[0];
  if (key && key in declaration.fulfils) return `#/fulfils/${key}`;
  if (declaration.fulfils.pattern && field in declaration.fulfils.pattern)
    return `#/fulfils/pattern/${field}`;
  return undefined;
}
