// The README's pictures of the docs site: `npx tsx scripts/docs/take-screenshots.ts` builds the site,
// opens its main pages in Debian's Chromium and writes docs/site-<page>.png (one screen each).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { buildSite, writeSite } from './build-site.ts';

const SHOTS: ReadonlyArray<[string, string]> = [
  ['route.html', 'site-route-explainer.png'],
  ['event-request-created.html', 'site-event.png'],
  ['partner-techhub.html', 'site-partner.png'],
  ['flows.html', 'site-flows.png'],
  ['api-marketplace-api.html', 'site-api.png'],
];

const repo = new URL('../../', import.meta.url).pathname;
const site = join(mkdtempSync(join(tmpdir(), 'portico-shots-')), 'site');
writeSite(site, await buildSite({ catalog: 'catalog', cwd: repo }));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
for (const [file, png] of SHOTS) {
  await page.goto(`file://${site}/${file}`);
  if (await page.$('#redoc')) await page.waitForSelector('#redoc[data-ready="true"]');
  if (await page.$('#verdicts')) {
    await page.waitForSelector('body[data-explained]');
    await page.locator('#verdicts').scrollIntoViewIfNeeded();
  }
  await page.screenshot({ path: join(repo, 'docs', png) });
  console.log(`docs/${png}`);
}
await browser.close();
