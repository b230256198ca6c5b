/** What changelog-entry tells: its log line and job summary. Pure. */
import type { EntryResult } from './format.js';

function stateOf(entry: EntryResult, dryRun: boolean): string {
  if (!entry.changed) return 'already there';
  return dryRun ? 'would add (dry run: nothing written)' : 'added';
}

export function entryLogLine(entry: EntryResult, path: string, version: string, dryRun: boolean) {
  return `${path}: entry for ${version} ${stateOf(entry, dryRun)}.`;
}

export function entrySummary(
  entry: EntryResult,
  options: { path: string; version: string; where: string; dryRun: boolean; commitSha?: string },
): string {
  return (
    `### changelog-entry: ${options.version} ${stateOf(entry, options.dryRun)}\n\n\`${options.path}\` in ${options.where}, ${entry.format} format, line ${entry.line}:\n\n` +
    '```markdown\n' +
    entry.entry +
    '\n```\n' +
    (options.commitSha ? `\nCommitted as ${options.commitSha}.\n` : '')
  );
}
