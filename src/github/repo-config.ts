/**
 * `.github/hotfix.yml` read through the API, for the commands that run without a checkout: one
 * contents call, on the default branch unless a ref is given.
 */
import { parseConfig, type HotfixConfig } from '../domain/config.js';
import { checkRelativePath } from '../runner/files.js';
import { statusOf, type RepositoryId } from './branch-files.js';
import type { GitHubClient } from './client.js';

export async function readRepositoryConfig(
  github: GitHubClient,
  repository: RepositoryId,
  configPath: string,
  ref?: string,
): Promise<HotfixConfig> {
  const path = checkRelativePath(configPath, "Input 'config'");
  let text: string | undefined;
  try {
    const { data } = await github.rest.repos.getContent({
      ...repository,
      path,
      ...(ref !== undefined ? { ref } : {}),
    });
    if (!Array.isArray(data) && data.type === 'file' && 'content' in data) {
      text = Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString(
        'utf8',
      );
    }
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
  return parseConfig(path, text);
}
