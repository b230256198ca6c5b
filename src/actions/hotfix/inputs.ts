// The root action's inputs, per command: read and checked before the command's code is loaded
// (see main.ts), so a mistake in the form is reported before anything is read from GitHub.
import { shown } from '../../domain/markdown.js';
import { validateForm } from '../../domain/start/form.js';
import { parseReleaseVersion } from '../../domain/version.js';
import { UserError } from '../../domain/errors.js';
import { getBooleanInput, getOptionalInput, getRequiredInput } from '../../runner/inputs.js';
import { checkRefInput, configInput, checkWebhookUrl, tokenInput } from '../inputs.js';

/** What a command that reads the repository through the API needs. */
export interface SessionInputs {
  token: string;
  config: string;
}

function sessionInputs(): SessionInputs {
  return {
    token: tokenInput("the command's reads and writes through the API"),
    config: configInput(),
  };
}

/** `start`: the form, checked whole before anything is read from or written to GitHub. */
function parseStartInputs() {
  const product = getRequiredInput('product');
  const form = validateForm({
    severity: getOptionalInput('severity'),
    issue: getOptionalInput('issue'),
    impact: getOptionalInput('impact'),
    allowMedium: getBooleanInput('allow-medium'),
  });
  return {
    ...sessionInputs(),
    product,
    form,
    baseTag: getOptionalInput('base-tag'),
    webhookUrl: checkWebhookUrl(getOptionalInput('webhook-url')),
    dryRun: getBooleanInput('dry-run'),
  };
}

/** `sync`: one product's trackers (of one version), or every open one. */
function parseSyncInputs() {
  const version = getOptionalInput('version');
  return {
    ...sessionInputs(),
    product: getOptionalInput('product'),
    version: version === undefined ? undefined : parseReleaseVersion(version, "input 'version'"),
    dryRun: getBooleanInput('dry-run'),
  };
}

function parseFollowUpInputs() {
  return {
    ...sessionInputs(),
    webhookUrl: checkWebhookUrl(getOptionalInput('webhook-url')),
    dryRun: getBooleanInput('dry-run'),
  };
}

/** `resolve`: the token is needed only when the workspace has no configuration file. */
function parseResolveInputs() {
  return {
    tag: getRequiredInput('tag').replace(/^refs\/tags\//, ''),
    config: configInput(),
    token: getOptionalInput('token'),
  };
}

/** `forward-port`: the production tag of a hotfix made on a maintenance branch. */
function parseForwardPortInputs() {
  return {
    ...sessionInputs(),
    tag: checkRefInput(getRequiredInput('tag'), 'tag', 'refs/tags/') ?? '',
    dryRun: getBooleanInput('dry-run'),
  };
}

const COMMANDS = {
  start: parseStartInputs,
  sync: parseSyncInputs,
  'follow-up': parseFollowUpInputs,
  resolve: parseResolveInputs,
  'forward-port': parseForwardPortInputs,
};

type Command = keyof typeof COMMANDS;
export type CommandInputs<C extends Command> = ReturnType<(typeof COMMANDS)[C]>;
export type Inputs = { [C in Command]: { command: C; inputs: CommandInputs<C> } }[Command];

export function parseInputs(): Inputs {
  const command = getRequiredInput('command');
  if (!Object.hasOwn(COMMANDS, command)) {
    throw new UserError(
      `Input 'command' must be one of ${Object.keys(COMMANDS)
        .map((name) => `'${name}'`)
        .join(', ')}, not '${shown(command)}'.`,
    );
  }
  return { command, inputs: COMMANDS[command as Command]() } as Inputs;
}
