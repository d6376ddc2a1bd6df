// generated/rules/<partner>-<env>.json: one EventBridge rule per partner and environment, with the
// full pattern (envelope source and detail-type, and the routing rule as `$or` branches on
// `detail`) and its target (endpoint, auth references, retry policy, rate limit).
import type { CatalogModel } from '../../generated/catalog-model.ts';
import { stableJson, type GeneratedFile, type GenerateContext } from './context.ts';

export function generateRules(model: CatalogModel, ctx: GenerateContext): GeneratedFile[] {
  return model.rules.map((rule) => ({
    path: `rules/${rule.partner}-${rule.environment}.json`,
    // JSON has no comments: the notice travels as JSON Schema's `$comment` keyword would.
    contents: `${stableJson({ $comment: ctx.notice, ...rule })}\n`,
  }));
}
