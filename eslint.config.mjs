// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    // Code in both extension bundles (desktop and web) uses no Node built-ins: only the platform's Node side, the
    // Node entries, the CLI and the disk reader for Node programs do.
    files: ['src/**/*.ts'],
    ignores: [
      'src/cli/**',
      'src/fuzz/**',
      'src/format/nodeFiles.ts',
      'src/host/platform/node.ts',
      'src/host/extension.node.ts',
      'src/worker/worker.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:*',
                'fs',
                'fs/*',
                'path',
                'os',
                'crypto',
                'worker_threads',
                'child_process',
                'util',
              ],
              message:
                'Shared by the desktop and the web bundles: no Node built-ins (see src/host/platform).',
            },
          ],
        },
      ],
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
          message: 'Not in a browser: shared code must run in the web extension host too.',
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
