/** The triggering event's payload (`GITHUB_EVENT_PATH`), and what the actions read from it. */
import { existsSync, readFileSync } from 'node:fs';

/** What the actions read from a `pull_request` (or `pull_request_target`) event's payload. */
export interface EventPullRequest {
  number: number;
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  merged: boolean;
  mergeCommitSha?: string;
  body?: string;
}

/** The triggering event's payload (`GITHUB_EVENT_PATH`), or an empty object outside a job. */
export function eventPayload(): Record<string, unknown> {
  const path = process.env['GITHUB_EVENT_PATH'];
  if (!path || !existsSync(path)) return {};
  const payload: unknown = JSON.parse(readFileSync(path, 'utf8'));
  return typeof payload === 'object' && payload !== null
    ? (payload as Record<string, unknown>)
    : {};
}

/** The pull request of a `pull_request`/`pull_request_target` event, else undefined. */
export function eventPullRequest(): EventPullRequest | undefined {
  const name = process.env['GITHUB_EVENT_NAME'];
  if (name !== 'pull_request' && name !== 'pull_request_target') return undefined;
  const pull = eventPayload()['pull_request'] as
    | {
        number?: number;
        head?: { ref?: string; sha?: string };
        base?: { ref?: string; sha?: string };
        merged?: boolean;
        merge_commit_sha?: string | null;
        body?: string | null;
      }
    | undefined;
  if (!pull?.head?.ref || !pull.head.sha || !pull.base?.ref || typeof pull.number !== 'number') {
    return undefined;
  }
  return {
    number: pull.number,
    head: { ref: pull.head.ref, sha: pull.head.sha },
    base: { ref: pull.base.ref, sha: pull.base.sha ?? '' },
    merged: pull.merged === true,
    ...(pull.merge_commit_sha ? { mergeCommitSha: pull.merge_commit_sha } : {}),
    ...(pull.body ? { body: pull.body } : {}),
  };
}

/** The repository's default branch as the event payload names it, if it does. */
export function eventDefaultBranch(): string | undefined {
  const repository = eventPayload()['repository'] as { default_branch?: unknown } | undefined;
  return typeof repository?.default_branch === 'string' ? repository.default_branch : undefined;
}
