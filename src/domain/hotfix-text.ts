/** `HOTFIX: ` before a hotfix's text: its pull request title, CHANGELOG entry and tag message. */
export const HOTFIX_PREFIX = 'HOTFIX: ';

/** The text with the prefix, not twice when it already starts with it (as people write it). */
export function hotfixText(text: string): string {
  const trimmed = text.trim();
  return /^hotfix:/i.test(trimmed) ? trimmed : `${HOTFIX_PREFIX}${trimmed}`;
}
