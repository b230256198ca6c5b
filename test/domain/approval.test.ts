import { describe, expect, test } from '@jest/globals';
import { approvalOf, type Review } from '../../src/domain/approval.js';

const HEAD = 'a'.repeat(40);
const EARLIER = 'b'.repeat(40);
const on = (user: string, state: string, commitId = HEAD, submittedAt?: string): Review => ({
  user,
  state,
  commitId,
  ...(submittedAt ? { submittedAt } : {}),
});

describe('approvalOf: each reviewer’s latest decision, on the head', () => {
  test.each([
    ['no review', [], false],
    ['a comment only', [on('a', 'COMMENTED')], false],
    ['an approval of the head', [on('a', 'APPROVED')], true],
    [
      'an approval and a change request',
      [on('a', 'APPROVED'), on('b', 'CHANGES_REQUESTED')],
      false,
    ],
    ['changes requested, then approved', [on('a', 'CHANGES_REQUESTED'), on('a', 'APPROVED')], true],
    ['approved, then dismissed', [on('a', 'APPROVED'), on('a', 'DISMISSED')], false],
    ['approved, then a comment', [on('a', 'APPROVED'), on('a', 'COMMENTED')], true],
    ['an approval before the last push', [on('a', 'APPROVED', EARLIER)], false],
    ['a stale approval and a fresh one', [on('a', 'APPROVED', EARLIER), on('b', 'APPROVED')], true],
    [
      'approved the head, then requested changes on it',
      [on('a', 'APPROVED'), on('a', 'CHANGES_REQUESTED')],
      false,
    ],
  ])('%s', (_what, reviews, approved) => {
    expect(approvalOf(reviews, HEAD).approved).toBe(approved);
  });

  test('names the approvers, the stale ones and when the approval was given', () => {
    const approval = approvalOf(
      [
        on('ada', 'APPROVED', EARLIER, '2026-03-05T10:00:00Z'),
        on('rin', 'APPROVED', HEAD, '2026-03-05T10:20:00Z'),
        on('kim', 'APPROVED', HEAD, '2026-03-05T10:10:00Z'),
      ],
      HEAD,
    );
    expect(approval).toEqual({
      approved: true,
      approvers: ['rin', 'kim'],
      changesRequestedBy: [],
      staleApprovers: ['ada'],
      at: '2026-03-05T10:20:00Z',
    });
  });
});
