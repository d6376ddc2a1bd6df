import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('deploy-rules')
    .description(
      'make the bus, connections, API destinations, rules and targets of an EventBridge endpoint match the catalogue',
    )
    .option('--endpoint-url <url>', 'EventBridge endpoint (the local bus: http://127.0.0.1:4010)')
    .option('--region <region>', 'AWS region (default: AWS_REGION)')
    .option('--environment <env>', 'deploy only this environment: prod or test (default: both)')
    .option('--role-arn <arn>', 'IAM role the targets use to invoke API destinations (required on AWS)')
    .option('--catalog <dir>', 'catalogue folder', 'catalog')
    .option('--dry-run', 'print the plan and change nothing')
    .option('--prune', 'also delete portico-* resources the catalogue no longer has')
    .action(
      async (options: {
        endpointUrl?: string;
        region?: string;
        environment?: string;
        roleArn?: string;
        catalog: string;
        dryRun?: boolean;
        prune?: boolean;
      }) => {
        if (
          options.environment !== undefined &&
          options.environment !== 'prod' &&
          options.environment !== 'test'
        ) {
          console.error(`--environment must be prod or test, not ${options.environment}`);
          process.exitCode = 2;
          return;
        }
        const { runDeployRules, oneLine } = await import('../../infra/deploy-rules/run-deploy-rules.ts');
        try {
          const report = await runDeployRules({ ...options, environment: options.environment });
          for (const line of report.lines) console.log(line);
          process.exitCode = report.exitCode;
        } catch (error) {
          // Reading the endpoint failed (unreachable, refused credentials): nothing was changed.
          const where = options.endpointUrl ?? 'EventBridge';
          console.error(`deploy-rules: nothing changed: reading ${where} failed: ${oneLine(error)}`);
          process.exitCode = 1;
        }
      },
    );
}
