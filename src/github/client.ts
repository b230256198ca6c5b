import type { getOctokit } from '@actions/github';

export type GitHubClient = ReturnType<typeof getOctokit>;

/**
 * The Octokit client every action uses (see octokit.ts), loaded on first use: a run that makes no
 * request does not load Octokit nor its HTTP client.
 */
export async function createClient(token: string): Promise<GitHubClient> {
  // Resolved beside the importing file: src/github/octokit.ts in the sources and tests, and
  // dist/octokit.js, its own bundle, beside dist/run-actions.js where this code is built.
  // `webpackIgnore`: ncc leaves the import alone instead of inlining the module.
  const { createOctokit } = (await import(
    /* webpackIgnore: true */ './octokit.js'
  )) as typeof import('./octokit.js');
  return createOctokit(token);
}

/** A repository, as every Octokit call takes it. */
export interface RepositoryId {
  owner: string;
  repo: string;
}

/** The HTTP status of an Octokit RequestError, if it is one. */
export function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' &&
    error !== null &&
    'status' in error &&
    typeof error.status === 'number'
    ? error.status
    : undefined;
}

/** A request's value, or undefined when GitHub answers 404 (the ref, release or file is not there). */
export async function unlessNotFound<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

/** true when GitHub did it; false when it answered 422 (the ref exists, or is not behind). */
export async function unlessRefused(request: Promise<unknown>): Promise<boolean> {
  try {
    await request;
    return true;
  } catch (error) {
    if (statusOf(error) === 422) return false;
    throw error;
  }
}

/** GitHub's answer when the token lacks a permission ("Resource not accessible by integration"). */
export function isPermissionRefusal(error: unknown): boolean {
  return (
    (statusOf(error) === 403 || statusOf(error) === 404) &&
    error instanceof Error &&
    /resource not accessible|must have (admin|push) (rights|access)|permission/i.test(error.message)
  );
}
