// verify-tag-base's inputs.
import { shown } from '../../domain/markdown.js';
import { UserError } from '../../domain/errors.js';
import { getOptionalInput } from '../../runner/inputs.js';
import { checkRefInput, configInput, productInput, tokenInput } from '../inputs.js';

const DEFAULT_MAX_FILES = 20;

/** Every input, checked before any API call. */
export function parseInputs() {
  const token = tokenInput('reading the pull request and the tags through the API');
  const product = productInput();
  const head = getOptionalInput('head')?.trim();
  if (head !== undefined && !/^[0-9a-f]{40}$/i.test(head)) {
    throw new UserError(
      `Input 'head' must be a full 40-character commit SHA, not '${shown(head)}' (to name a branch, use 'branch').`,
    );
  }
  const maxFilesText = getOptionalInput('max-files');
  const maxFiles = maxFilesText === undefined ? DEFAULT_MAX_FILES : Number(maxFilesText.trim());
  if (!Number.isInteger(maxFiles) || maxFiles < 1) {
    throw new UserError(
      `Input 'max-files' must be a whole number of at least 1, not '${shown(maxFilesText ?? '')}'.`,
    );
  }
  return {
    token,
    config: configInput(),
    product,
    head: head?.toLowerCase(),
    branch: checkRefInput(getOptionalInput('branch'), 'branch', 'refs/heads/'),
    baseTag: checkRefInput(getOptionalInput('base-tag'), 'base-tag', 'refs/tags/'),
    baseBranch: checkRefInput(getOptionalInput('base-branch'), 'base-branch', 'refs/heads/'),
    maxFiles,
  };
}

export type Inputs = ReturnType<typeof parseInputs>;
