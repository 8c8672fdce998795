import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const APPS_SCRIPT_GLOBALS = [
  'SpreadsheetApp',
  'DocumentApp',
  'DriveApp',
  'GmailApp',
  'Gmail',
  'CalendarApp',
  'Calendar',
  'Charts',
  'HtmlService',
  'PropertiesService',
  'LockService',
  'ScriptApp',
  'Session',
  'Utilities',
  'Logger',
  'CacheService',
  'UrlFetchApp',
];

export default tseslint.config(
  { ignores: ['build/', 'out/', 'coverage/', 'test-output/', 'node_modules/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The domain core runs in Node and in Apps Script alike: no service globals, no Node APIs.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...APPS_SCRIPT_GLOBALS, 'process', 'require', 'Buffer', 'console'],
      'no-restricted-imports': ['error', { patterns: ['node:*', '../gas/*', '../emulator/*', '../offline/*'] }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
