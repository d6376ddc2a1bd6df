// Impact lines for each finding, and the level a finding ends with: the rule's level, raised when
// a pact shows that somebody depends on what a warning-level change removes.
import { levelRank, type Finding, type Level } from './change.ts';
import { participants } from './event-changes.ts';
import { pathWithin, type BrokenExample } from './impact-examples.ts';
import { filterFields, routedEvent, ruleNames } from './impact-partners.ts';
import { eventMentions, responseMentions } from './impact-pacts.ts';
import type { Side } from './load-side.ts';
import { ruleOf } from './rules.ts';

export function attachImpact(f: Finding, base: Side, head: Side, broken: readonly BrokenExample[]): Finding {
  const lines = [...(f.impact ?? [])];
  let level: Level = f.level ?? ruleOf(f.id).level;
  const s = f.subject;
  if (s?.kind === 'event' || s?.kind === 'message') {
    const event = base.catalogue.events.find((e) => e.name === s.event);
    const routed = routedEvent(base)?.name === s.event;
    if (s.kind === 'message') {
      if (routed)
        for (const p of base.catalogue.partners)
          lines.push(`partner ${p.declaration.id}: rules ${ruleNames(p.declaration.id)} stop matching`);
      const { senders, receivers } = participants(base.catalogue.asyncapi?.data, s.event);
      if (receivers.length > 0) lines.push(`received by ${receivers.join(', ')}`);
      if (senders.length > 0) lines.push(`sent by ${senders.join(', ')}`);
    } else {
      const d = s.delta;
      // Partners whose filter names the field (and, for a removed value, lists the value).
      if (
        routed &&
        d.path.length > 0 &&
        ['property-removed', 'enum-value-removed', 'type-changed', 'became-optional'].includes(d.kind)
      ) {
        const field = d.path[0] as string;
        for (const p of head.catalogue.partners) {
          const values = filterFields(p.declaration).get(field);
          if (values === undefined) continue;
          if (
            d.kind === 'enum-value-removed' &&
            !values.some((v) => JSON.stringify(v) === JSON.stringify(d.value))
          )
            continue;
          const what = d.kind === 'enum-value-removed' ? `${field} ${JSON.stringify(d.value)}` : `'${field}'`;
          lines.push(
            `partner ${p.declaration.id} filters on ${what} (${p.source.file}): rules ${ruleNames(p.declaration.id)}`,
          );
        }
      }
      // Only a change that can reject what producers send today explains a broken example.
      const rejects = [
        'property-removed',
        'enum-value-removed',
        'became-required',
        'type-changed',
        'format-changed',
        'narrowed',
        'closed',
      ];
      if (rejects.includes(d.kind) || (d.kind === 'property-added' && d.required))
        for (const b of broken) if (b.event === s.event && pathWithin(b.path, d.path)) lines.push(b.line);
      if (
        event &&
        [
          'property-removed',
          'enum-value-removed',
          'type-changed',
          'format-changed',
          'became-optional',
        ].includes(d.kind)
      ) {
        const value = d.kind === 'enum-value-removed' ? d.value : undefined;
        for (const m of eventMentions(base.pacts, event.detailType, d.path, value)) lines.push(m.line);
      }
      if (levelRank(level) > 0) {
        const { senders, receivers } = participants(base.catalogue.asyncapi?.data, s.event);
        const backward = [
          'property-removed',
          'enum-value-removed',
          'became-required',
          'property-added',
          'narrowed',
          'closed',
          'type-changed',
          'format-changed',
        ];
        if (backward.includes(d.kind) && senders.length > 0) lines.push(`producers: ${senders.join(', ')}`);
        if (
          !backward.includes(d.kind) ||
          ['type-changed', 'format-changed', 'property-removed'].includes(d.kind)
        )
          if (receivers.length > 0) lines.push(`consumers: ${receivers.join(', ')}`);
      }
    }
  }
  if (
    s?.kind === 'http' &&
    s.delta &&
    ['property-removed', 'became-optional', 'type-changed', 'format-changed'].includes(s.delta.kind)
  ) {
    const mentions = responseMentions(base.pacts, s, s.delta.path);
    for (const m of mentions) lines.push(m.line);
    if (mentions.length > 0 && f.id === 'response-optional-property-removed') level = 'breaking';
  }
  return { ...f, level, impact: lines };
}
