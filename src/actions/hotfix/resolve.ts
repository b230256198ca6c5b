import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { annotateWarning, info, setOutput } from '../../runner/commands.js';
import { getProduct, parseConfig, type HotfixConfig } from '../../domain/config.js';
import { parseTag } from '../../domain/naming.js';
import { UserError } from '../../domain/errors.js';
import { writeSummary } from '../../runner/summary.js';
import type { CommandInputs } from './inputs.js';
import { openApiSession } from './session.js';

/**
 * A production tag → its product, version and the product's `deploy` command, for the deploy
 * workflow. The configuration comes from the checked-out workspace when it has it (no API call),
 * else from the tag itself through the API: the deploy runs what the tagged release configured.
 */
export async function runResolve(inputs: CommandInputs<'resolve'>): Promise<void> {
  const { tag } = inputs;
  const config = await loadConfig(inputs);
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
  writeSummary(
    `### ${tag}\n\n| | |\n|---|---|\n| Product | \`${product.name}\` |\n| Version | ${parsed.version} |\n| Deploy | ${product.deploy === undefined ? '—' : `\`${product.deploy.replace(/`/g, "'")}\` with the tag as $1`} |\n`,
  );
}

async function loadConfig({ tag, config, token }: CommandInputs<'resolve'>): Promise<HotfixConfig> {
  const workspace = process.env['GITHUB_WORKSPACE'];
  if (workspace && existsSync(join(workspace, config))) {
    return parseConfig(config, readFileSync(join(workspace, config), 'utf8'));
  }
  if (token === undefined) {
    throw new UserError(
      `Input 'token' is required to read ${config} at ${tag} through the API (the workspace has no ${config}).`,
    );
  }
  return (await openApiSession({ token, config }, `refs/tags/${tag}`)).config;
}
