// Every `AWS::Serverless::Function` is built from a file that exists and exports what `Handler`
// names: `sam build` (esbuild) bundles each `Metadata.BuildProperties.EntryPoints` file into
// `<name>.mjs`, and Lambda calls `<name>.<export>`, so `Handler: lambda.handler` needs
// `services/<dir>/lambda.ts` to export `handler`. Unlike the other checks this one reads the
// working tree: entry points are relative to `root` (the template's `CodeUri: ..`).
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-sam-cli-using-build-typescript.html
import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { isObject, resources, type Finding, type Template } from './template-walk.ts';

const CHECK = 'function-entry-point';

export function checkEntryPoints(template: Template, root: string): Finding[] {
  const findings: Finding[] = [];
  for (const [id, resource] of resources(template)) {
    if (resource.Type !== 'AWS::Serverless::Function') continue;
    const at = `Resources/${id}`;
    const build = isObject(resource['Metadata']) ? resource['Metadata']['BuildProperties'] : undefined;
    const entryPoints = isObject(build) && Array.isArray(build['EntryPoints']) ? build['EntryPoints'] : [];
    const handler = String(resource.Properties?.['Handler'] ?? '');
    const [module, exported] = handler.split('.');
    if (entryPoints.length === 0) {
      findings.push({ check: CHECK, at: `${at}/Metadata`, message: 'has no BuildProperties.EntryPoints' });
      continue;
    }
    const entry = entryPoints.find((e) => typeof e === 'string' && basename(e, extname(e)) === module);
    if (typeof entry !== 'string' || !exported) {
      findings.push({
        check: CHECK,
        at: `${at}/Properties/Handler`,
        message: `${handler} names no entry point (${entryPoints.join(', ')})`,
      });
      continue;
    }
    const file = join(root, entry);
    if (!existsSync(file)) {
      findings.push({ check: CHECK, at: `${at}/Metadata`, message: `entry point ${entry} does not exist` });
      continue;
    }
    const exports = new RegExp(`^export\\s+(?:async\\s+function|function|const|let)\\s+${exported}\\b`, 'm');
    if (!exports.test(readFileSync(file, 'utf8')))
      findings.push({ check: CHECK, at: `${at}/Metadata`, message: `${entry} does not export ${exported}` });
  }
  return findings;
}
