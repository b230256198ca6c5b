import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

/**
 * Appends Markdown to the job summary. A no-op where `GITHUB_STEP_SUMMARY` is unset (a local run),
 * so no action fails for want of a summary file.
 */
export function writeSummary(markdown: string): void {
  const path = process.env['GITHUB_STEP_SUMMARY'];
  if (!path) return;
  appendFileSync(path, markdown.endsWith('\n') ? markdown : markdown + EOL, 'utf8');
}
