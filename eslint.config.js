import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The layer rule of DESIGN.md: arrows point app → engines → core, workers → engines → core,
// cli → core. src/core runs in a page, a worker and Node, so it imports no UI or worker code.
const uiAndWorkerPackages = ['react', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', 'comlink',
  'plotly.js', 'plotly.js-dist-min', 'plotly.js-strict-dist-min', 'react-plotly.js', 'react-plotly.js/*', 'onnxruntime-web', 'onnxruntime-web/*'];

const layer = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'models/**/*.py', 'public'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'max-lines': ['warn', { max: 320, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts', 'src/core/**/test*.ts'],
    rules: layer([...uiAndWorkerPackages, 'node:*', '**/engines/**', '**/app/**', '**/cli/**', '**/node/**', '**/workers/**'],
      'src/core is pure (page, worker and Node): no React, zustand, plotly, comlink, onnxruntime, node:*, engines, app, cli, node or workers.'),
  },
  {
    // Tests may drive the real runtime and the file system; still no UI or worker code.
    files: ['src/core/**/*.test.ts', 'src/core/**/test*.ts'],
    rules: layer(['react', 'react-dom', 'zustand', 'comlink', 'plotly.js-dist-min', 'react-plotly.js', '**/app/**', '**/workers/**'],
      'core tests stay below the UI and worker layers.'),
  },
  {
    files: ['src/node/**/*.ts'],
    rules: layer(['react', 'react-dom', 'zustand', 'comlink', 'plotly.js-dist-min', 'react-plotly.js', '**/app/**', '**/workers/**', '**/engines/**', '**/cli/**'],
      'src/node holds Node adapters of core (files): no UI, workers, engines or CLI.'),
  },
  {
    files: ['src/engines/**/*.ts'],
    rules: layer(['react', 'react-dom', 'zustand', 'plotly.js', 'plotly.js-dist-min', 'react-plotly.js', '**/app/**', '**/cli/**', '**/workers/**'],
      'src/engines sits between core and the shells: no UI, no worker entry files.'),
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: layer(['react', 'react-dom', 'zustand', 'plotly.js-dist-min', 'react-plotly.js', '**/app/**', '**/workers/**'],
      'src/cli uses core and engines, never the app or worker entry files.'),
  },
  {
    files: ['workers/**/*.ts'],
    rules: layer(['react', 'react-dom', 'zustand', 'plotly.js-dist-min', 'react-plotly.js', '**/app/**'],
      'Worker entry files build an engine and expose it; no UI.'),
  },
);
