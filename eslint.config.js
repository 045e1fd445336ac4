import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'reports/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Test targets written as a user would write them, CommonJS included.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Pure layers: the history, scenarios and checkers never touch processes or sockets.
    files: ['src/history/**', 'src/scenario/**', 'src/checkers/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['node:net', 'node:child_process', 'net', 'child_process', 'node:http', 'http'], patterns: ['**/run/**', '**/target/**', '**/clients/**', '**/nemesis/**'] }],
    },
  },
  {
    // Load mode's pure parts: what a load run counts and how it is reported. Types may come from anywhere.
    files: ['src/load/{agent-view,before-signal,classify,invariants,mix,numbers,request-facts,schedule,settings,stats,summary,tally,totals}.ts', 'src/load/report/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: ['node:net', 'node:child_process', 'node:fs', 'node:http', 'undici', 'ws'], patterns: [{ group: ['**/run/**', '**/target/**', '**/clients/**', '**/nemesis/**', '../*-worker.js', '../generator.js', '../run-load.js', './*-worker.js', './generator.js', './run-load.js'], allowTypeImports: true }] }],
    },
  },
  {
    // The command line is argument handling and exit codes over the public API: it imports src/index.ts,
    // node: builtins and its own files, nothing else.
    files: ['src/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!node:|\\.\\./index\\.js$|\\./[^/]+\\.js$)', message: 'cli/ imports only ../index.js, node: builtins and its own files' }] }],
    },
  },
  {
    // Orchestration lives in run/: only it (and target/ itself) starts a target.
    // (Load mode's pure files are left to their own rule above, which forbids target/ altogether.)
    files: ['src/**/*.ts'],
    ignores: ['src/run/**', 'src/target/**', 'src/load/{classify,mix,schedule,settings,stats,summary,tally}.ts', 'src/load/report/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['**/target/launch.js', '**/target/command.js'], importNames: ['launchTarget', 'launchCommand'], message: 'targets are launched through run/' }] }],
    },
  },
  {
    // A source file a newcomer reads in one sitting: past 300 lines, a file holds more than one concept.
    files: ['src/**/*.ts', 'src/**/*.mjs'],
    rules: { 'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }] },
  },
);
