// loadtest/k6/: k6 scripts generated from the scenario definitions (scripts/loadtest/scenarios.ts),
// one script per scenario plus the definitions as data, so that a new event type or API operation is
// load-tested without anyone writing a script. Plain k6 JavaScript, `// @ts-check`ed against
// @types/k6 by the generated tsconfig.json. Same input, same bytes.
import { scenarioDefinitions, type Definitions, type Scenario } from '../../loadtest/scenarios.ts';
import { stableJson, type GeneratedFile, type GenerateContext } from '../context.ts';
import { K6_SCENARIO_JS, PAYLOADS_JS } from './k6-lib.ts';
import type { LoadtestModel } from './loadtest-model.ts';

/** The generator's output folder: it holds these generated files only (DESIGN.md). */
export const LOADTEST_DIR = 'loadtest/k6';

export function generateLoadtest(model: LoadtestModel, ctx: GenerateContext): GeneratedFile[] {
  const defs = scenarioDefinitions(model);
  const js = (about: string, body: string) => `// ${ctx.notice}\n// @ts-check\n// ${about}\n${body}`;
  const files: GeneratedFile[] = [
    {
      path: 'lib/payloads.js',
      contents: js('Request building shared by k6 and the Node runner (`portico loadtest`).', PAYLOADS_JS),
    },
    { path: 'lib/k6-scenario.js', contents: js('k6 options and iterations of a scenario.', K6_SCENARIO_JS) },
    {
      path: 'lib/definitions.js',
      contents: js(
        'The scenario definitions as data (scripts/loadtest/scenarios.ts over the catalogue).',
        `\n/** @type {import('./payloads.js').Definitions} */\nexport const DEFINITIONS = ${stableJson(defs)};\n`,
      ),
    },
    ...defs.scenarios.map((s) => ({
      path: s.file,
      contents: js(`k6 scenario \`${s.name}\`: ${s.description}`, scenarioScript(s)),
    })),
    { path: 'tsconfig.json', contents: `${stableJson(TSCONFIG)}\n` },
    { path: 'README.md', contents: readme(defs, ctx) },
  ];
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function scenarioScript(s: Scenario): string {
  const variables = ['BASE_URL', 'DURATION', ...s.parts.map((p) => p.rateVariable)];
  if (s.parts.some((p) => p.action.kind === 'partner-journey'))
    variables.splice(1, 0, 'API_KEY (or API_KEYS, comma-separated)');
  const functions = s.parts.map(
    (part, i) => `
/** ${part.name}: ${part.rate}/s unless ${part.rateVariable} says otherwise. */
export function ${part.exec}() {
  runPart(DEFINITIONS, SCENARIO.parts[${i}]);
}
`,
  );
  return `// Run: k6 run ${LOADTEST_DIR}/${s.file}  (environment: ${variables.join(', ')})
import { DEFINITIONS } from './lib/definitions.js';
import { optionsFor, runPart } from './lib/k6-scenario.js';

const SCENARIO = /** @type {import('./lib/payloads.js').Scenario} */ (DEFINITIONS.scenarios.find((s) => s.name === ${JSON.stringify(s.name)}));

export const options = optionsFor(SCENARIO);
${functions.join('')}`;
}

const TSCONFIG = {
  $comment: 'Type-checks the generated k6 scripts against @types/k6 (plain JavaScript, checkJs).',
  compilerOptions: {
    target: 'ES2020',
    lib: ['ES2020'],
    module: 'ESNext',
    moduleResolution: 'Bundler',
    allowJs: true,
    checkJs: true,
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    typeRoots: ['../../node_modules/@types'],
    types: ['k6'],
  },
  include: ['*.js', 'lib/*.js'],
};

function readme(defs: Definitions, ctx: GenerateContext): string {
  const rows = defs.scenarios.map(
    (s) =>
      `| \`${s.file}\` | ${s.description} | ${s.parts.map((p) => `\`${p.rateVariable}\`=${p.rate}/s`).join(', ')} | ${s.duration} |`,
  );
  return `<!-- ${ctx.notice} -->
# loadtest/k6/

k6 scripts generated from the catalogue by \`portico generate\`. Run one against a local stack
(\`npm start\`) or a deployed one:

\`\`\`sh
k6 run -e BASE_URL=http://127.0.0.1:4010 -e API_KEY=pk_prod_... -e DURATION=1m ${LOADTEST_DIR}/day-in-the-marketplace.js
\`\`\`

Without k6, \`portico loadtest --scenario <name>\` runs the same definitions with a Node runner.
Every part is a constant-arrival-rate (open model) scenario; thresholds fail the run (k6 exits 99).

| script | what | arrival rates | duration |
| --- | --- | --- | --- |
${rows.join('\n')}
`;
}
