import { annotateWarning, info, setOutput } from '../../runner/commands.js';
import { getProduct } from '../../domain/config.js';
import { parseTag } from '../../domain/naming.js';
import { resolveSummary } from '../../domain/prod-tag.js';
import { UserError } from '../../domain/errors.js';
import { writeSummary } from '../../runner/summary.js';
import type { CommandInputs } from './inputs.js';
import { createClient } from '../../github/client.js';
import { loadConfig } from '../../github/repo-config.js';
import { currentRepository } from '../../runner/context.js';
import { workspaceFiles } from '../../runner/workspace-files.js';
import { requireToken } from '../inputs.js';

/**
 * A production tag → its product, version and the product's `deploy` command, for the deploy
 * workflow. The configuration comes from the checked-out workspace when it has it (no API call),
 * else from the tag itself through the API: the deploy runs what the tagged release configured.
 */
export async function runResolve(inputs: CommandInputs<'resolve'>): Promise<void> {
  const { tag } = inputs;
  const config = await loadResolveConfig(inputs);
  const parsed = parseTag(config, tag);
  if (!parsed) {
    throw new UserError(
      `'${tag}' is not a production tag: production tags are named '${config.tagFormat}' (tag-format in ${config.path}).`,
    );
  }
  const product = getProduct(config, parsed.product);
  setOutput('product', product.name);
  setOutput('version', parsed.version);
  setOutput('deploy', product.deploy ?? '');
  if (product.deploy === undefined) {
    annotateWarning(
      `Product '${product.name}' has no deploy command in ${config.path}: add 'deploy: <command>' under products.${product.name} for the deploy workflow to run it.`,
    );
  }
  info(`${tag}: ${product.name} ${parsed.version}; deploy: ${product.deploy ?? '(none)'}.`);
  writeSummary(resolveSummary(tag, product.name, parsed.version, product.deploy));
}

/** The checked-out configuration, else the tag's through the API (the default branch's when older). */
async function loadResolveConfig({ tag, config, token }: CommandInputs<'resolve'>) {
  const workspace = { snapshot: await workspaceFiles().snapshot(), where: 'the workspace' };
  const api = async () => {
    const github = await createClient(
      requireToken(token, `reading ${config} at ${tag} through the API (the workspace has none)`),
    );
    return { github, repository: currentRepository() };
  };
  return loadConfig(config, { files: workspace, api, ref: `refs/tags/${tag}` });
}
