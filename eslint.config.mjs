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
    // No import cycles anywhere in the product (type-only imports do not count: they are erased).
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver()],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: { 'import-x/no-cycle': ['error', { maxDepth: Infinity }] },
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
    // The file format sits below the worker, the CLI, the host and the webview.
    files: ['src/format/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['vscode', '../host/*', '../worker/*', '../cli/*', '../../webview/*'],
              message: 'src/format never imports the host, the worker, the CLI or the webview.',
            },
          ],
        },
      ],
    },
  },
  {
    // The engine is pure: no vscode, no DOM, no Node I/O.
    files: ['src/engine/**/*.ts'],
    // Types of the .nn.json contract may be imported (they are erased); nothing else from outside the engine.
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['vscode', 'node:*', 'fs', 'path', 'worker_threads', '../host/*', '../worker/*'],
              message: 'The engine is pure.',
            },
            {
              group: ['../format/*'],
              message: 'The engine may import only types from src/format.',
              allowTypeImports: true,
            },
          ],
        },
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
