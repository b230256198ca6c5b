import { shown } from '../domain/markdown.js';
import { UserError } from '../domain/errors.js';

/**
 * An input's value as the runner passes it (`INPUT_<NAME>`, spaces as `_`), trimmed unless told
 * not to; '' when unset. The same reading as `core.getInput`, without loading @actions/core
 * (see commands.ts).
 */
export function readInput(name: string, trim = true): string {
  const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '';
  return trim ? value.trim() : value;
}

/** A required input: empty (or only spaces) is the user's mistake, named as in `action.yml`. */
export function getRequiredInput(name: string): string {
  const value = readInput(name);
  if (value === '') {
    throw new UserError(`Input '${name}' is required: set it in the step's \`with:\`.`);
  }
  return value;
}

/** An optional input: `undefined` when not given (the runner sends unset inputs as empty). */
export function getOptionalInput(name: string): string | undefined {
  const value = readInput(name);
  return value === '' ? undefined : value;
}

/**
 * A boolean input with YAML 1.2 core-schema values only (`true | True | TRUE | false | False | FALSE`),
 * as `core.getBooleanInput` reads them; anything else is refused rather than read as false.
 */
export function getBooleanInput(name: string, defaultValue = false): boolean {
  const value = readInput(name);
  if (value === '') return defaultValue;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new UserError(`Input '${name}' must be true or false, not '${shown(value)}'.`);
}

/** An input that takes one of a fixed set of values; the error lists them. */
export function getEnumInput<T extends string>(
  name: string,
  allowed: readonly T[],
  defaultValue: T,
): T {
  const value = getOptionalInput(name);
  if (value === undefined) return defaultValue;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UserError(
    `Input '${name}' must be one of ${allowed.map((v) => `'${v}'`).join(', ')}, not '${shown(value)}'.`,
  );
}
