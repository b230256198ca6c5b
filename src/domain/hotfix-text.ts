import { withoutControls } from './markdown.js';

/** `HOTFIX: ` before a hotfix's text: its pull request title, CHANGELOG entry and tag message. */
export const HOTFIX_PREFIX = 'HOTFIX: ';

/**
 * The text with the prefix, not twice when it already starts with it (as people write it), and
 * without control characters (a bidirectional override would make it read otherwise).
 */
export function hotfixText(text: string): string {
  const trimmed = withoutControls(text).trim();
  return /^hotfix:/i.test(trimmed) ? trimmed : `${HOTFIX_PREFIX}${trimmed}`;
}
