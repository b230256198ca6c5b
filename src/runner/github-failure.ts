/**
 * A request GitHub refused or failed, told as what it is (the call, the likely cause, what this
 * run had already written, and that a re-run completes the work) instead of as a bug. The GitHub
 * client (src/github/octokit.ts) attaches the call and the run's writes to the error.
 */

/** What the client attaches to a failed request's error. */
export interface GitHubFailure {
  status?: number;
  message: string;
  /** `POST /repos/o/r/issues`. */
  call: string;
  /** The writes this run had made before, in order: `POST /repos/o/r/git/refs`, … */
  written: string[];
}

/** The failure the client annotated, if `error` is one (an Octokit RequestError it made). */
export function gitHubFailureOf(error: unknown): GitHubFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const annotated = error as { hotfixCall?: unknown; hotfixWritten?: unknown; status?: unknown };
  if (typeof annotated.hotfixCall !== 'string' || !Array.isArray(annotated.hotfixWritten)) {
    return undefined;
  }
  return {
    ...(typeof annotated.status === 'number' ? { status: annotated.status } : {}),
    message: error instanceof Error ? error.message : String(error),
    call: annotated.hotfixCall,
    written: annotated.hotfixWritten.map(String),
  };
}

/** The job permission a REST path needs, to name it in a refusal. */
function scopeOf(call: string): string | undefined {
  const path = call.replace(/^\S+\s+/, '');
  if (/\/pulls(\/|$)/.test(path)) return 'pull-requests';
  if (/\/(issues|labels)(\/|$)/.test(path)) return 'issues';
  if (/\/deployments(\/|$)/.test(path)) return 'deployments';
  if (/\/actions\//.test(path)) return 'actions';
  if (/\/statuses\//.test(path)) return 'statuses';
  if (/\/(git|contents|releases|merges|compare|commits|branches|tags)(\/|$)|graphql/.test(path)) {
    return 'contents';
  }
  return undefined;
}

/** The likely cause and what to do, from GitHub's status and message. */
function causeOf(failure: GitHubFailure): string {
  const { status, message, call } = failure;
  const write = !call.startsWith('GET ');
  const scope = scopeOf(call);
  if (/not permitted to create or approve pull requests/i.test(message)) {
    return (
      'the repository does not let GitHub Actions open pull requests: turn on Settings → Actions → ' +
      'General → "Allow GitHub Actions to create and approve pull requests", or give the step a ' +
      'GitHub App token'
    );
  }
  if (/resource not accessible by integration/i.test(message)) {
    return (
      `the token lacks a permission: give the job \`permissions: ${scope ?? '<scope>'}: ` +
      `${write ? 'write' : 'read'}\` (with a GitHub App token, the App's permission of that name)`
    );
  }
  if (/repository rule|GH013|ruleset/i.test(message)) {
    return (
      "a repository rule (a ruleset or branch protection) refused the write: add the token's " +
      'App (or the Actions integration) to the rule’s bypass list, or change the rule'
    );
  }
  if (/rate limit/i.test(message) || status === 429) {
    return "GitHub's rate limit: wait a few minutes, then re-run the job";
  }
  if (status === 401) return 'GitHub refused the token (bad credentials): check the token input';
  if (status === 403) return 'GitHub refused it (403): the token may lack a permission or access';
  if (status === 404) {
    return (
      'GitHub answered 404: it does not exist, or the token cannot see it (a missing ' +
      `permission${scope ? `, ${scope}` : ''}, shows as 404 on private repositories)`
    );
  }
  if (status === 409 || status === 422) return `GitHub refused it (${status})`;
  return (
    'an outage at GitHub or a dropped connection' +
    (status === undefined ? '' : ` (${status})`) +
    ', after the retries it allows'
  );
}

/** Why `status` and GitHub's own words, for the message. */
export function describeGitHubFailure(failure: GitHubFailure): string {
  const written =
    failure.written.length === 0
      ? 'Nothing was written by this run.'
      : `Already written by this run: ${failure.written.join('; ')}.`;
  return (
    `GitHub failed the call ${failure.call}: ${causeOf(failure)}. GitHub said: ` +
    `"${failure.message.replace(/\s+/g, ' ').slice(0, 300)}". ${written} Every write is looked ` +
    'up before it is made again: re-running the job completes the work.'
  );
}
