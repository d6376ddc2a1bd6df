// The APIs: a list of both OpenAPI documents with their operations, and one page each rendered by
// Redoc (its standalone bundle, shipped in the site's assets: nothing is fetched at run time).
import type { ApiDefinition } from '../../catalog/catalogue.ts';
import type { DocsModel } from '../docs-model.ts';
import { apiPage, esc, scriptJson, type Page } from '../html.ts';

type Obj = Record<string, unknown>;

export interface OperationEntry {
  readonly api: ApiDefinition;
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly summary: string;
  /** Redoc's anchor for the operation. */
  readonly href: string;
}

export function operationsOf(api: ApiDefinition): OperationEntry[] {
  const paths = (api.document.paths ?? {}) as Record<string, Obj>;
  return api.operations.map((o) => {
    const op = (paths[o.path]?.[o.method.toLowerCase()] ?? {}) as Obj;
    return {
      api,
      operationId: o.operationId,
      method: o.method.toUpperCase(),
      path: o.path,
      summary: typeof op.summary === 'string' ? op.summary : '',
      href: `${apiPage(api.name)}#operation/${encodeURIComponent(o.operationId)}`,
    };
  });
}

const titleOf = (api: ApiDefinition): string => {
  const info = (api.document.info ?? {}) as Obj;
  return typeof info.title === 'string' ? info.title : api.name;
};

export function apisIndex(m: DocsModel): Page {
  const sections = m.apis
    .map((api) => {
      const info = (api.document.info ?? {}) as Obj;
      const rows = operationsOf(api)
        .map(
          (o) =>
            `<tr><td><code>${esc(o.method)}</code></td><td><a href="${o.href}"><code>${esc(o.path)}</code></a></td><td><code>${esc(o.operationId)}</code></td><td>${esc(o.summary)}</td></tr>`,
        )
        .join('\n');
      return `<section><h2><a href="${apiPage(api.name)}">${esc(titleOf(api))}</a></h2>
<p>${esc(typeof info.summary === 'string' ? info.summary : '')} <code>${esc(api.file)}</code>, version ${esc(info.version ?? '')}</p>
<table><caption>Operations of ${esc(titleOf(api))}</caption><thead><tr><th scope="col">Method</th><th scope="col">Path</th><th scope="col">operationId</th><th scope="col">Summary</th></tr></thead>
<tbody>${rows}</tbody></table></section>`;
    })
    .join('\n');
  return { path: 'apis.html', title: 'APIs', body: `<h1>APIs</h1>\n${sections}` };
}

export function apiPageOf(api: ApiDefinition): Page {
  return {
    path: apiPage(api.name),
    title: titleOf(api),
    scripts: ['assets/redoc.standalone.js', 'assets/api.js'],
    body: `<h1 class="visually-hidden">${esc(titleOf(api))}</h1>
<script type="application/json" id="openapi">${scriptJson(api.document)}</script>
<div id="redoc" data-ready="false"></div>`,
  };
}
