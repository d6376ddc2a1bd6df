// The site's scripts, bundled by esbuild from TypeScript: the route explainer (with the engine of
// services/pattern and scripts/route), search, and the API pages' Redoc start-up. Paths are
// relative to the repository, so two builds anywhere give the same bytes.
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));

const ENTRIES = {
  'assets/explainer.js': 'scripts/docs/browser/explainer.ts',
  'assets/search.js': 'scripts/docs/browser/search.ts',
  'assets/api.js': 'scripts/docs/browser/api.ts',
} as const;

export async function bundleBrowserScripts(): Promise<Array<{ path: string; contents: string }>> {
  const { build } = await import('esbuild');
  const out: Array<{ path: string; contents: string }> = [];
  for (const [path, entry] of Object.entries(ENTRIES)) {
    const result = await build({
      absWorkingDir: repo,
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      minify: true,
      legalComments: 'none',
      inject: ['scripts/docs/browser/buffer-shim.ts'],
      logLevel: 'silent',
    });
    out.push({ path, contents: result.outputFiles[0]!.text });
  }
  return out;
}
