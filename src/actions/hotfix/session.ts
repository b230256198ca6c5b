import { createClient, type GitHubClient, type RepositoryId } from '../../github/client.js';
import { loadConfig } from '../../github/repo-config.js';
import type { HotfixConfig } from '../../domain/config.js';
import { currentRepository } from '../../runner/context.js';
import type { SessionInputs } from './inputs.js';

export interface ApiSession {
  github: GitHubClient;
  repository: RepositoryId;
  config: HotfixConfig;
}

/** The client, the repository and its configuration (through the API: at `ref`, else the default branch's). */
export async function openApiSession(inputs: SessionInputs, ref?: string): Promise<ApiSession> {
  const github = await createClient(inputs.token);
  const repository = currentRepository();
  const config = await loadConfig(inputs.config, {
    api: async () => ({ github, repository }),
    ref,
  });
  return { github, repository, config };
}
