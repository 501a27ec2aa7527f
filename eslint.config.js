import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'data/', '.scratch/', 'web/src/api/openapi.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration in server/config.ts only.' }],
    },
  },
  {
    // Where the environment is legitimately read: the config loader, the CLI's process glue, tests and tooling.
    files: ['server/config.ts', 'server/cli/**', 'server/testing/**', '**/*.test.ts', 'e2e/**', 'bench/**', 'scripts/**', 'web/vite.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  // Modules use each other only through their index.ts, the module's public surface (docs/ARCHITECTURE.md, "Modules").
  // Tests and test support may reach into internals; application code may not.
  ...moduleBoundaries([
    // server/modules/<m>/x.ts → ../<other>/y.ts
    { files: ['server/modules/*/*.ts'], regex: '^\\.\\./[^./][^/]*/(?!index\\.ts$)' },
    // server/modules/<m>/<dir>/x.ts → ../../<other>/y.ts
    { files: ['server/modules/*/*/*.ts'], regex: '^\\.\\./\\.\\./[^./][^/]*/(?!index\\.ts$)' },
    // everything else in server/ → …/modules/<m>/y.ts
    { files: ['server/**/*.ts'], ignores: ['server/modules/**', 'server/modules.ts'], regex: '(^|/)modules/[^/]+/(?!index\\.ts$)' },
    // the module list alone imports each module's registration as well
    { files: ['server/modules.ts'], regex: '(^|/)modules/([^/]+)/(?!index\\.ts$|\\2\\.module\\.ts$)' },
  ]),
  {
    // Migrations take Kysely<any> on purpose: they must not depend on the application's current table types.
    files: ['server/db/migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
);

/** One no-restricted-imports block per place in the tree: which relative paths reach into another module. */
function moduleBoundaries(blocks) {
  return blocks.map(({ files, ignores = [], regex }) => ({
    files,
    ignores: [...ignores, '**/*.test.ts', 'server/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex, message: "Import another module through its index.ts (its public surface), not its files." }] },
      ],
    },
  }));
}
