// The do-not-edit header, in the comment syntax of each kind of generated file.
import type { GenerateContext } from './context.ts';

export function tsHeader(ctx: GenerateContext, about: string): string {
  return `// ${ctx.notice}\n// ${about}\n`;
}

export function markdownHeader(ctx: GenerateContext): string {
  return `<!-- ${ctx.notice} -->\n`;
}
