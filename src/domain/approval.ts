/**
 * The one rule for "approved", used by the production tag's `require-approval` and by the
 * tracker's "Approval obtained" box. Pure.
 */

/** A pull request review as GitHub lists it (oldest first). */
export interface Review {
  user: string;
  /** APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING. */
  state: string;
  /** The commit the review was given on (`commit_id`). */
  commitId?: string;
  submittedAt?: string;
}

export interface Approval {
  /** At least one reviewer approves the head, and none requests changes. */
  approved: boolean;
  /** Reviewers whose latest review approves the head. */
  approvers: string[];
  /** Reviewers whose latest review requests changes. */
  changesRequestedBy: string[];
  /** Reviewers whose latest review approves an earlier commit: it counts for nothing. */
  staleApprovers: string[];
  /** When the counting approval was given (the latest of the approvers' reviews). */
  at?: string;
}

/**
 * Each reviewer's latest approving, change-requesting or dismissed review decides for them
 * (comments do not; a dismissal withdraws theirs). An approval counts only when it was given on
 * `headSha`, the commit being approved: a push after the review makes it stale, as GitHub's
 * "Dismiss stale pull request approvals" would.
 */
export function approvalOf(reviews: readonly Review[], headSha: string): Approval {
  const latest = new Map<string, Review>();
  for (const review of reviews) {
    if (review.state === 'APPROVED' || review.state === 'CHANGES_REQUESTED') {
      latest.set(review.user, review);
    } else if (review.state === 'DISMISSED') {
      latest.delete(review.user);
    }
  }
  const decided = [...latest.values()];
  const approving = decided.filter(
    (review) => review.state === 'APPROVED' && review.commitId === headSha,
  );
  const changesRequestedBy = decided
    .filter((review) => review.state === 'CHANGES_REQUESTED')
    .map((review) => review.user);
  const at = approving
    .map((review) => review.submittedAt)
    .filter((time): time is string => time !== undefined)
    .sort((a, b) => Date.parse(a) - Date.parse(b))
    .at(-1);
  return {
    approved: approving.length > 0 && changesRequestedBy.length === 0,
    approvers: approving.map((review) => review.user),
    changesRequestedBy,
    staleApprovers: decided
      .filter((review) => review.state === 'APPROVED' && review.commitId !== headSha)
      .map((review) => review.user),
    at,
  };
}
