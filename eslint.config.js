// ESLint flat config: typescript-eslint recommended rules on all TypeScript sources.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layersRule } from './eslint.layers.js';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'fixtures/**',
      'models/**',
      'coverage/**',
      '.bench-data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // The HTML report's browser script (assets/report/: plain ES2020, no modules).
    files: ['assets/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
        performance: 'readonly',
        requestAnimationFrame: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Blob: 'readonly',
        URL: 'readonly',
        uPlot: 'readonly',
      },
    },
  },
  {
    files: ['src/**/*.ts', 'commands/**/*.ts'],
    plugins: { nad: { rules: { layers: layersRule } } },
    rules: { 'nad/layers': 'error' },
  },
);
