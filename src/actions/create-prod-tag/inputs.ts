// create-prod-tag's inputs.
import { shown } from '../../domain/markdown.js';
import { parseWorkflow } from '../../domain/prod-tag.js';
import { parseReleaseVersion } from '../../domain/version.js';
import { UserError } from '../../domain/errors.js';
import { getBooleanInput, getOptionalInput } from '../../runner/inputs.js';
import { checkRefInput, configInput, productInput, tokenInput } from '../inputs.js';

/** Every input, checked before any API call. */
export function parseInputs() {
  const token = tokenInput('reading the release and writing its tag through the API');
  const product = productInput();
  const version = getOptionalInput('version');
  const sha = getOptionalInput('sha')?.trim();
  if (sha !== undefined && !/^[0-9a-f]{40}$/i.test(sha)) {
    throw new UserError(`Input 'sha' must be a full 40-character commit SHA, not '${shown(sha)}'.`);
  }
  const fastForwardText = getOptionalInput('fast-forward');
  return {
    token,
    config: configInput(),
    product,
    version: version === undefined ? undefined : parseReleaseVersion(version, "input 'version'"),
    sha: sha?.toLowerCase(),
    message: getOptionalInput('message'),
    fastForward:
      fastForwardText?.trim() === 'false'
        ? undefined
        : checkRefInput(fastForwardText, 'fast-forward', 'refs/heads/'),
    release: getBooleanInput('release'),
    dispatch: parseWorkflow(getOptionalInput('dispatch')),
    requireApproval: getBooleanInput('require-approval'),
    dryRun: getBooleanInput('dry-run'),
  };
}

export type Inputs = ReturnType<typeof parseInputs>;
