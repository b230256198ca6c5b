import { UserError } from '../domain/errors.js';

/** `owner/repo` of the workflow's repository (`GITHUB_REPOSITORY`). */
export function currentRepository(): { owner: string; repo: string } {
  const fullName = process.env['GITHUB_REPOSITORY'] ?? '';
  const [owner, repo, ...rest] = fullName.split('/');
  if (!owner || !repo || rest.length > 0) {
    throw new UserError(
      `GITHUB_REPOSITORY is '${fullName}', not 'owner/repo': API mode runs inside a GitHub Actions job.`,
    );
  }
  return { owner, repo };
}

/** The web address of the repository, for links (`GITHUB_SERVER_URL`, GitHub Enterprise Server too). */
export function repositoryUrl(): string | undefined {
  const server = process.env['GITHUB_SERVER_URL'] || 'https://github.com';
  const fullName = process.env['GITHUB_REPOSITORY'];
  return fullName ? `${server.replace(/\/$/, '')}/${fullName}` : undefined;
}

/**
 * The branch this job runs on: the PR's head branch on a pull_request event, else the pushed or
 * dispatched branch. Undefined for a tag or a detached checkout.
 */
export function currentBranch(): string | undefined {
  if (process.env['GITHUB_HEAD_REF']) return process.env['GITHUB_HEAD_REF'];
  const ref = process.env['GITHUB_REF'] ?? '';
  return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
}

/** Today's date in UTC as YYYY-MM-DD. */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
