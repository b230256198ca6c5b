import { afterAll, afterEach, beforeAll } from '@jest/globals';
import { type Emulator, type EmulatorOptions, startEmulator } from './index.js';

/**
 * One emulator for a test file: started before the first test, checked for problems and reset
 * (log, faults, latency) after each test, closed at the end. A test that expects problems reads
 * `emulator.problems` and clears them with `emulator.reset()` before it ends.
 *
 *   const sandbox = useEmulator();
 *   test('...', async () => { sandbox.emulator.addRepository(...) });
 */
export function useEmulator(options: EmulatorOptions = {}): { readonly emulator: Emulator } {
  let emulator: Emulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator(options);
  });
  afterEach(() => {
    if (!emulator) return;
    const problems = [...emulator.problems];
    emulator.reset();
    if (problems.length > 0) {
      throw new Error(`GitHub emulator problems:\n- ${problems.join('\n- ')}`);
    }
  });
  afterAll(async () => {
    await emulator?.close();
  });
  return {
    get emulator() {
      if (!emulator) throw new Error('useEmulator: the emulator starts in beforeAll');
      return emulator;
    },
  };
}
