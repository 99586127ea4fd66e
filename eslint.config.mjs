// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'out/**',
      'test-results/**',
      '.vscode-test/**',
      '.scratch/**',
      'bench/.cache/**',
      'bench/peers/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The layers, bottom up: src/shared (the .nn.json types, the name lists, the pace table, the history helpers; it
    // imports nothing) < src/engine (the math: itself and src/shared only) < src/format (never the host, the worker,
    // the CLI or the webview) < worker, check, bridge, CLI, host. No import cycles anywhere (type-only imports do not
    // count for no-cycle: they are erased; they do count for the layers).
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver()],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      'import-x/no-cycle': ['error', { maxDepth: Infinity }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src/shared',
              from: '.',
              except: ['./src/shared'],
              message: 'src/shared is the bottom layer: it imports nothing outside itself.',
            },
            {
              target: './src/engine',
              from: '.',
              except: ['./src/engine', './src/shared'],
              message: 'The engine imports nothing outside itself and src/shared (types included).',
            },
            {
              target: './src/format',
              from: ['./src/host', './src/worker', './src/cli', './webview'],
              message: 'src/format never imports the host, the worker, the CLI or the webview.',
            },
          ],
        },
      ],
    },
  },
  {
    // The bottom two layers use no package at all (no vscode, no Node, no npm module): only relative imports.
    files: ['src/shared/**/*.ts', 'src/engine/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^[^.]',
              message:
                'src/shared and src/engine are pure TypeScript: no vscode, no DOM, no Node, no package.',
            },
          ],
        },
      ],
    },
  },
  {
    // Part of "fits on a screen": no product file over 600 lines, no function over 100 (every line counts).
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 600, skipBlankLines: false, skipComments: false }],
      'max-lines-per-function': [
        'error',
        { max: 100, skipBlankLines: false, skipComments: false, IIFEs: true },
      ],
    },
  },
  {
    // Only the host touches the vscode API.
    files: ['src/**/*.ts'],
    ignores: ['src/host/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'Only src/host touches the vscode API.' }] },
      ],
    },
  },
  {
    // The file format sits below the worker, the CLI, the host and the webview (the paths: see the layers above).
    files: ['src/format/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'src/format never imports vscode.' }] },
      ],
    },
  },
  {
    // The bridge (PyTorch/ONNX export, ONNX import) is pure like the engine, so it can run in the browser build too:
    // files are read and written by the CLI and the host. Of src/format only what needs no Node (types, edit, parse).
    files: ['src/bridge/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '../format', message: 'src/format/index loads data sets with Node: import its parts.' },
          ],
          patterns: [
            {
              group: [
                'vscode',
                'node:*',
                'fs',
                'path',
                'worker_threads',
                '../host/*',
                '../worker/*',
                '../cli/*',
                '../format/index',
                '../format/dataset',
                '../format/mnist',
              ],
              message:
                'The bridge is pure: no vscode, no Node (the CLI and the host read and write the files).',
            },
          ],
        },
      ],
    },
  },
  {
    // Code in both extension bundles (desktop and web) uses no Node built-ins: only the platform's Node side, the
    // Node entries and the disk reader for Node programs do (and the CLI, which is Node only).
    files: ['src/**/*.ts'],
    ignores: [
      'src/cli/**',
      'src/format/nodeFiles.ts',
      'src/host/platform/node.ts',
      'src/host/extension.node.ts',
      'src/worker/worker.ts',
      'src/check/node.ts',
      'src/check/nodePort.ts',
    ],
    rules: {
      'import-x/no-nodejs-modules': 'error',
      'no-restricted-globals': [
        'error',
        ...[
          'process',
          'Buffer',
          '__dirname',
          '__filename',
          'require',
          'setImmediate',
          'clearImmediate',
          'global',
        ].map((name) => ({
          name,
          message:
            'Not in a browser: shared code must run in the web extension host too (see src/host/platform).',
        })),
      ],
    },
  },
  {
    // The webview shares nothing with the host but the protocol types.
    files: ['webview/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'vscode',
                'node:*',
                '../src/host/*',
                '../src/worker/*',
                '**/src/host/*',
                '**/src/worker/*',
              ],
              message: 'The webview shares nothing with the host but the protocol types.',
            },
            {
              group: ['../src/engine/*', '../src/format/*', '**/src/engine/*', '**/src/format/*'],
              message: 'The webview may import only types.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // Browser tests run code in the page (page.evaluate), where the DOM globals exist.
    files: ['test/e2e/**/*.mjs'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        performance: 'readonly',
        requestAnimationFrame: 'readonly',
      },
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
