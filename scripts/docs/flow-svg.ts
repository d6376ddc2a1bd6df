// A flow graph laid out by elkjs (the Eclipse Layout Kernel's layered algorithm, run at generation
// time) and drawn as SVG, so the site ships a picture, not a layout engine.
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { FlowGraph, FlowNode } from './flow-graph.ts';
import { esc, slug } from './html.ts';

const LINE = 16;
const CHAR = 7.2; // average advance of the 12 px sans-serif below, generous
const PAD = 10;

const size = (n: FlowNode): { width: number; height: number } => ({
  width: Math.ceil(Math.max(...n.lines.map((l) => l.length)) * CHAR + 2 * PAD),
  height: n.lines.length * LINE + 2 * PAD - 4,
});

export async function flowSvg(graph: FlowGraph, title: string): Promise<string> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const laid: ElkNode = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '14',
      'elk.layered.spacing.nodeNodeBetweenLayers': '48',
      'elk.edgeRouting': 'ORTHOGONAL',
    },
    children: graph.nodes.map((n) => ({ id: n.id, ...size(n) })),
    edges: graph.edges.map(([a, b], i) => ({ id: `e${i}`, sources: [a], targets: [b] })),
  });
  const marker = `arrow-${slug(title)}`;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const r = (x: number | undefined): number => Math.round((x ?? 0) * 10) / 10;
  const boxes = (laid.children ?? []).map((c) => {
    const n = byId.get(c.id)!;
    const text = n.lines
      .map(
        (l, i) =>
          `<text x="${r((c.x ?? 0) + PAD)}" y="${r((c.y ?? 0) + PAD + 12 + i * LINE)}"${i > 0 ? ' class="sub"' : ''}>${esc(l)}</text>`,
      )
      .join('');
    return `<g class="node ${n.kind}"><rect x="${r(c.x)}" y="${r(c.y)}" width="${r(c.width)}" height="${r(c.height)}" rx="6"/>${text}</g>`;
  });
  const lines = (laid.edges ?? []).flatMap((e) =>
    (e.sections ?? []).map((s) => {
      const points = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]
        .map((p) => `${r(p.x)},${r(p.y)}`)
        .join(' ');
      return `<polyline points="${points}" marker-end="url(#${marker})"/>`;
    }),
  );
  const width = Math.ceil(laid.width ?? 0) + 2;
  const height = Math.ceil(laid.height ?? 0) + 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="flow" viewBox="-1 -1 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(title)}">
<title>${esc(title)}</title>
<defs><marker id="${marker}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>
<g class="edges">${lines.join('')}</g>
${boxes.join('\n')}
</svg>`;
}
