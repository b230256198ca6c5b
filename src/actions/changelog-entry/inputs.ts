// changelog-entry's inputs.
import { checkDate } from '../../domain/changelog/entry.js';
import { parseReleaseVersion } from '../../domain/version.js';
import { todayUtc } from '../../runner/context.js';
import { checkRelativePath } from '../../domain/files.js';
import {
  getBooleanInput,
  getEnumInput,
  getOptionalInput,
  getRequiredInput,
  readInput,
} from '../../runner/inputs.js';
import { configInput, productInput, tokenInput } from '../inputs.js';

/** Every input, read and checked before its body is loaded (see main.ts). */
export function parseInputs() {
  const description = getRequiredInput('description');
  const date = getOptionalInput('date') ?? todayUtc();
  checkDate(date);
  const version = getOptionalInput('version');
  const path = getOptionalInput('path');
  const ref = getOptionalInput('ref');
  return {
    product: productInput(),
    path: path === undefined ? undefined : checkRelativePath(path, "Input 'path'"),
    version: version === undefined ? undefined : parseReleaseVersion(version, "input 'version'"),
    description,
    date,
    prefix: readInput('prefix', false),
    format: getEnumInput('format', ['auto', 'table', 'keep-a-changelog'] as const, 'auto'),
    config: configInput(),
    ref,
    token: ref === undefined ? undefined : tokenInput("API mode (input 'ref')"),
    commitMessage: getOptionalInput('commit-message') ?? 'docs(changelog): {product} {version}',
    dryRun: getBooleanInput('dry-run'),
  };
}

export type Inputs = ReturnType<typeof parseInputs>;
