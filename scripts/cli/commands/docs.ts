import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('docs')
    .description('build the catalogue as a static site: events, APIs, partners, flows, a route explainer')
    .option('--out <dir>', 'where to write the site', 'site')
    .option('--catalog <dir>', 'catalogue folder', 'catalog')
    .action(async (opts: { out: string; catalog: string }) => {
      const { buildSite, writeSite, InvalidCatalogueError } = await import('../../docs/build-site.ts');
      let files;
      try {
        files = await buildSite({ catalog: opts.catalog });
      } catch (error) {
        if (!(error instanceof InvalidCatalogueError)) throw error;
        console.error(error.message);
        process.exitCode = 1;
        return;
      }
      writeSite(opts.out, files);
      const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.contents), 0);
      console.log(
        `${opts.out}: ${files.length} files, ${Math.round(bytes / 1024)} KB; open ${opts.out}/index.html`,
      );
    });
}
