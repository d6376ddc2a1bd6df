// Lint rules, and the dependency direction of DESIGN.md enforced by a tool, not by memory:
// catalog -> scripts -> generated/contracts/infra/loadtest -> services. The runtime (services/)
// and generated code never import the toolkit (scripts/).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noToolkitImports = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: ['**/scripts/**', '../scripts/*', '../../scripts/*'],
          message: 'The runtime imports generated/, never scripts/ (DESIGN.md: data flows one way).',
        },
      ],
    },
  ],
};

export default tseslint.config(
  // generated/ is linted like the rest (its dependency direction above all), except Ajv's standalone
  // output, which is machine-written JavaScript that no one reads.
  {
    ignores: [
      'node_modules/**',
      'generated/validators/compiled.js',
      'loadtest/k6/**',
      '**/fixtures/**',
      '**/golden/**',
      'bench-out/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['services/**', 'generated/**'], rules: noToolkitImports },
);
