// bump-patch's inputs, read and checked before its body is loaded (see main.ts).
import { parseReleaseVersion } from '../../domain/version.js';
import { UserError } from '../../domain/errors.js';
import { getBooleanInput, getEnumInput, getOptionalInput } from '../../runner/inputs.js';
import { configInput, parseFilesInput, productInput, tokenInput } from '../inputs.js';

/** Every input, read and checked before anything is read from the repository. */
export function parseInputs() {
  const product = productInput();
  const files = parseFilesInput(getOptionalInput('files'));
  if (product === undefined && files === undefined) {
    throw new UserError(
      "Input 'product' is required (or give 'files'): name a product of .github/hotfix.yml, or list the version files.",
    );
  }
  const expected = getOptionalInput('expected-version');
  const ref = getOptionalInput('ref');
  return {
    product,
    files,
    config: configInput(),
    ref,
    token: ref === undefined ? undefined : tokenInput("API mode (input 'ref')"),
    expectedVersion:
      expected === undefined
        ? undefined
        : parseReleaseVersion(expected, "input 'expected-version'"),
    buildNumber: getEnumInput('build-number', ['increment', 'keep'] as const, 'increment'),
    commitMessage:
      getOptionalInput('commit-message') ?? 'chore(release): bump {product} to {version}',
    dryRun: getBooleanInput('dry-run'),
  };
}

export type Inputs = ReturnType<typeof parseInputs>;
