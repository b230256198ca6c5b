// Shared by the end-to-end test files on the GitHub emulator: a fresh build of dist/, one
// emulator per file (any problem it records fails the test that caused it), temp dirs removed.
import { afterAll, beforeAll } from '@jest/globals';
import { type Emulator, type EmulatorOptions } from '../../sandbox/emulator/index.js';
import { useEmulator } from '../../sandbox/emulator/jest.js';
import { removeTmpDirs } from '../../sandbox/fixtures/monorepo.js';
import { ensureFreshBuild } from '../../sandbox/harness/build.js';

export function useSandbox(options: EmulatorOptions = {}): { readonly emulator: Emulator } {
  beforeAll(() => ensureFreshBuild(), 300_000);
  const sandbox = useEmulator(options);
  afterAll(() => removeTmpDirs());
  return sandbox;
}
