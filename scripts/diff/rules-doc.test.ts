// docs/diff.md's rule table is rules.ts's, row for row: an architect reading why a change is
// breaking reads the reason the tool applies.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from './rules.ts';

const doc = readFileSync(new URL('../../docs/diff.md', import.meta.url), 'utf8');

describe('docs/diff.md', () => {
  it('lists every rule with its level and reason, and no other', () => {
    const rows = [...doc.matchAll(/^\| `([a-z-]+)` \| (breaking|warning|info) \| (.+) \|$/gm)].map((m) => [
      m[1],
      m[2],
      (m[3] as string).replace(/\\\|/g, '|'),
    ]);
    expect(rows).toEqual(Object.entries(RULES).map(([id, r]) => [id, r.level, r.reason]));
  });

  it('shows the CI step and a markdown report whose summary line the tool prints', () => {
    expect(doc).toContain('npx portico diff --base origin/main');
    expect(doc).toMatch(
      /^### portico diff main → \(working tree\): \d+ breaking, \d+ warning\(s\), \d+ info$/m,
    );
    expect(doc).toMatch(/^\| level \| change \| where \| impact \|$/m);
  });
});
