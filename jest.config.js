/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  // Types are checked once by `tsc` in `npm test`; ts-jest only transpiles, which is much faster.
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  // Every run tests the bundle built from the current source, as Apps Script would load it.
  globalSetup: '<rootDir>/tests/setup/build-once.js',
  testTimeout: 120000,
};
