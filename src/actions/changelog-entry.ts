import { annotateWarning, info, setOutput } from '../runner/commands.js';
import { addChangelogEntry } from '../domain/changelog/entry.js';
import { getProduct, type HotfixConfig, type ProductConfig } from '../domain/config.js';
import { tagCompareUrl } from '../domain/naming.js';
import { readAgreedVersion } from '../domain/bump.js';
import type { VersionFileSpec } from '../domain/version-files.js';
import { repositoryUrl } from '../runner/context.js';
import { UserError } from '../domain/errors.js';
import { writeSummary } from '../runner/summary.js';
import { fillTemplate } from '../domain/naming.js';
import { entryLogLine, entrySummary } from '../domain/changelog/summary.js';
import { planOnFiles } from './file-target.js';
import type { Inputs } from './changelog-entry/inputs.js';

export async function run(inputs: Inputs): Promise<void> {
  const { target, outcome } = await planOnFiles(inputs, async (snapshot, config) => {
    const product = inputs.product === undefined ? undefined : getProduct(config, inputs.product);
    const path = changelogPath(inputs, product);
    const versionFiles = inputs.version === undefined ? versionFilesOf(product) : [];
    // The CHANGELOG and the version files in one read (through the API: one request).
    const contents = await snapshot.read([path, ...versionFiles.map((spec) => spec.path)]);
    // The version the product's files hold (after bump-patch: the new one); they must agree.
    const version = inputs.version ?? readAgreedVersion(versionFiles, contents).version;
    const entry = addChangelogEntry(
      path,
      contents.get(path),
      { version, date: inputs.date, text: `${inputs.prefix}${inputs.description}` },
      { format: inputs.format, ...compareLinks(config, inputs.product) },
    );
    const message = fillTemplate(inputs.commitMessage, {
      product: inputs.product ?? 'changelog',
      version,
    });
    return {
      result: { entry, path, version },
      changes: entry.changed ? [{ path, content: entry.content }] : [],
      message,
    };
  });

  const { entry, path, version } = outcome.result;
  if (entry.existing && !entry.existing.sameText) {
    annotateWarning(
      `${path} already has an entry for ${version} with other text; it was left as it is: "${entry.existing.text}".`,
      { file: path, line: entry.existing.line },
    );
  }
  for (const warning of entry.warnings ?? []) annotateWarning(warning, { file: path });
  setOutput('entry', entry.entry);
  setOutput('changed', String(entry.changed));
  setOutput('path', path);
  setOutput('commit-sha', outcome.commitSha ?? '');
  info(entryLogLine(entry, path, version, inputs.dryRun));
  writeSummary(
    entrySummary(entry, {
      path,
      version,
      where: target.files.description,
      dryRun: inputs.dryRun,
      commitSha: outcome.commitSha,
    }),
  );
}

function changelogPath(inputs: Inputs, product: ProductConfig | undefined): string {
  if (inputs.path !== undefined) return inputs.path;
  if (product?.changelog !== undefined) return product.changelog;
  if (product === undefined) {
    throw new UserError(
      "Input 'path' is required (or give 'product' with a changelog in .github/hotfix.yml).",
    );
  }
  throw new UserError(
    `Product '${product.name}' has no changelog in the configuration: add 'changelog: <path>' under products.${product.name}, or give the 'path' input.`,
  );
}

/** The product's version files, which tell the version when the 'version' input is not given. */
function versionFilesOf(product: ProductConfig | undefined): VersionFileSpec[] {
  if (product === undefined || product.versionFiles.length === 0) {
    throw new UserError(
      "Input 'version' is required (or give 'product' with version-files in .github/hotfix.yml).",
    );
  }
  return product.versionFiles;
}

/** Keep a Changelog compare links between two production tags, when the repository is known. */
function compareLinks(config: HotfixConfig, product: string | undefined) {
  const url = repositoryUrl();
  if (url === undefined || product === undefined) return {};
  return { compareUrl: tagCompareUrl(url, config, product) };
}
