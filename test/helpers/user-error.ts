import { UserError } from '../../src/domain/errors.js';

/** The UserError that `action` throws; any other outcome fails the test. */
export function userErrorOf(action: () => unknown): UserError {
  try {
    action();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}
