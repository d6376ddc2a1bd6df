// AWS's own offline validator (@aws/cloudformation-validate: the resource provider schemas and the
// cfn-lint rules, compiled to WebAssembly) run on a template file.
// What it cannot do here: it does not run the SAM transform, so `AWS::Serverless::*` resources are
// checked for their references (Ref, Sub to missing names: F1020, F1018) and some properties
// (Runtime deprecation: W2531) but not against a property schema; the policy checks cover their
// EventBridge events, and validate-template.test.ts pins down this gap so that it is noticed if it closes.
import { createRequire } from 'node:module';
import type { StandardDiagnostic } from '@aws/cloudformation-validate';

export type Diagnostic = Pick<StandardDiagnostic, 'ruleId' | 'severity' | 'message' | 'propertyPath'> & {
  logicalId?: string;
};

export interface ValidationReport {
  status: string;
  errors: Diagnostic[];
  warnings: Diagnostic[];
  informational: Diagnostic[];
}

// The package is CommonJS with a WebAssembly side; require keeps its loader as its authors test it.
const require = createRequire(import.meta.url);
let engine: import('@aws/cloudformation-validate').Engine | undefined;

export function validateTemplateFile(path: string): ValidationReport {
  const validate = require('@aws/cloudformation-validate') as typeof import('@aws/cloudformation-validate');
  // One engine for the process: building one loads the rules and schemas (seconds); it is stateless.
  engine ??= new validate.RegoEngine();
  {
    const report = engine.validateStandard(new validate.TemplateFile(path));
    const pick = (severities: string[]) =>
      report.diagnostics
        .filter((d) => severities.includes(d.severity))
        .map((d) => ({
          ruleId: d.ruleId,
          severity: d.severity,
          message: d.message,
          propertyPath: d.propertyPath,
          logicalId: d.entity?.logicalId,
        }));
    return {
      status: report.status,
      errors: pick(['FATAL', 'ERROR']),
      warnings: pick(['WARN']),
      informational: pick(['INFO']),
    };
  }
}
