// ts-jest in ESM mode: tests import `.js` specifiers that map to the `.ts` sources.
// ts-jest does not type-check here (isolatedModules); `tsc --noEmit` in `npm test` does.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true }],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 60000,
  // Two workers even on two cores: the end-to-end tests spend most of their time waiting for
  // the actions and git they run as child processes.
  maxWorkers: 2,
};
