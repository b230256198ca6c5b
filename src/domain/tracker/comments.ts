/**
 * Comments the hotfix posts on its tracker, each once: found again by their marker.
 */
import type { CommentFact } from './facts.js';

export type CommentKind = 'deployed' | 'sla-breach' | 'follow-up' | 'forward-port' | 'monitor';

/** The hidden marker of a comment of the suite's; `id` tells apart those of a kind (a run). */
export function commentMarker(kind: CommentKind, id?: string): string {
  return `<!-- hotfix-comment ${kind}${id === undefined ? '' : ` ${id.replace(/[^\w.:/-]/g, '')}`} -->`;
}

export function hasCommentMarker(body: string, kind: CommentKind, id?: string): boolean {
  return body.includes(commentMarker(kind, id));
}

/**
 * A comment of the suite's of that kind: its hidden marker (any id), by a bot. Only the suite's
 * own comments change the tracker's state: anyone who can comment could write the marker or the
 * visible text, but no person's login is a bot's (`[bot]`, which GitHub keeps for Apps).
 */
export function isSuiteComment(comment: CommentFact, kind: CommentKind): boolean {
  return comment.byBot && new RegExp(`<!-- hotfix-comment ${kind}( \\S+)? -->`).test(comment.body);
}
