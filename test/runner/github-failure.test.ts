import { describe, expect, test } from '@jest/globals';
import { describeGitHubFailure, gitHubFailureOf } from '../../src/runner/github-failure.js';

/** An Octokit RequestError as the client annotates it. */
function failure(
  status: number | undefined,
  message: string,
  call: string,
  written: string[] = [],
) {
  return Object.assign(new Error(message), {
    name: 'HttpError',
    ...(status === undefined ? {} : { status }),
    hotfixCall: call,
    hotfixWritten: written,
  });
}

const told = (error: Error) => describeGitHubFailure(gitHubFailureOf(error)!);

describe('GitHub failures, told as what they are', () => {
  test('only errors the client annotated count; others stay bugs', () => {
    expect(gitHubFailureOf(new Error('x'))).toBeUndefined();
    expect(gitHubFailureOf('text')).toBeUndefined();
    expect(gitHubFailureOf(failure(502, 'Bad Gateway', 'GET /repos/o/r'))).toMatchObject({
      status: 502,
      call: 'GET /repos/o/r',
    });
  });

  test.each([
    [
      403,
      'Resource not accessible by integration',
      'POST /repos/o/r/pulls',
      'permissions: pull-requests: write',
    ],
    [
      403,
      'Resource not accessible by integration',
      'GET /repos/o/r/deployments',
      'permissions: deployments: read',
    ],
    [
      403,
      'Resource not accessible by integration',
      'PATCH /repos/o/r/git/refs/heads/x',
      'permissions: contents: write',
    ],
    [
      403,
      'GitHub Actions is not permitted to create or approve pull requests.',
      'POST /repos/o/r/pulls',
      'Allow GitHub Actions to create and approve pull requests',
    ],
    [422, 'Repository rule violations found (GH013)', 'POST /repos/o/r/git/refs', 'bypass list'],
    [
      403,
      'You have exceeded a secondary rate limit.',
      'POST /repos/o/r/issues',
      "GitHub's rate limit",
    ],
    [401, 'Bad credentials', 'GET /repos/o/r', 'bad credentials'],
    [404, 'Not Found', 'GET /repos/o/r/issues/9', 'does not exist, or the token cannot see it'],
    [
      503,
      'Service Unavailable',
      'GET /repos/o/r',
      'an outage at GitHub or a dropped connection (503)',
    ],
    [undefined, 'socket hang up', 'GET /repos/o/r', 'an outage at GitHub or a dropped connection,'],
  ])('%s %s on %s: %s', (status, message, call, cause) => {
    expect(told(failure(status, message, call))).toContain(cause);
  });

  test('what this run had written, and that a re-run completes it', () => {
    const text = told(
      failure(502, 'x', 'POST /repos/o/r/issues', [
        'POST /repos/o/r/git/refs',
        'POST /repos/o/r/pulls',
      ]),
    );
    expect(text).toContain(
      'Already written by this run: POST /repos/o/r/git/refs; POST /repos/o/r/pulls.',
    );
    expect(text).toContain('re-running the job completes the work');
    expect(told(failure(502, 'x', 'GET /repos/o/r'))).toContain('Nothing was written by this run.');
  });
});
