/** The Start hotfix form (steps 1 and 6 of HOTFIX_PROCESS.md): its checks, and the pull request's title. */
import { UserError } from '../errors.js';
import { hotfixText } from '../hotfix-text.js';
import { shown, toSingleLine } from '../markdown.js';
import { SEVERITIES, type Severity } from '../tracker/severity.js';

/** The issue is the PR title after `HOTFIX: `: GitHub cuts titles at 256 characters. */
export const ISSUE_MAX_LENGTH = 120;
export const IMPACT_MAX_LENGTH = 500;

export interface HotfixForm {
  severity: Severity;
  /** One line, trimmed. */
  issue: string;
  /** One line, trimmed. */
  impact: string;
}

/**
 * Checks the whole form and returns it cleaned, or throws one UserError listing every mistake.
 * MEDIUM is refused unless `allowMedium`: the process says it waits for the next release.
 */
export function validateForm(input: {
  severity: string | undefined;
  issue: string | undefined;
  impact: string | undefined;
  allowMedium: boolean;
}): HotfixForm {
  const problems: string[] = [];
  const severity = (input.severity ?? '').trim().toUpperCase();
  if (severity === '') {
    problems.push(`Input 'severity' is required: ${SEVERITIES.join(', ')}.`);
  } else if (!(SEVERITIES as readonly string[]).includes(severity)) {
    problems.push(
      `Input 'severity' must be ${SEVERITIES.join(', ')}, not '${shown(input.severity ?? '')}'.`,
    );
  } else if (severity === 'MEDIUM' && !input.allowMedium) {
    problems.push(
      "Severity MEDIUM: next release is OK for MEDIUM, per the process. Ship the fix in the next release, or set 'allow-medium: true' if the Product Owner decided to hotfix anyway.",
    );
  }
  const issue = toSingleLine(input.issue ?? '');
  if (issue === '') {
    problems.push("Input 'issue' is required: one line saying what is broken in production.");
  } else if ([...issue].length > ISSUE_MAX_LENGTH) {
    problems.push(
      `Input 'issue' is ${[...issue].length} characters; keep it to ${ISSUE_MAX_LENGTH} (it becomes the pull request title): put the details in the pull request.`,
    );
  }
  const impact = toSingleLine(input.impact ?? '');
  if (impact === '') {
    problems.push("Input 'impact' is required: who is affected, and how many users.");
  } else if ([...impact].length > IMPACT_MAX_LENGTH) {
    problems.push(
      `Input 'impact' is ${[...impact].length} characters; keep it to ${IMPACT_MAX_LENGTH}.`,
    );
  }
  if (problems.length === 1) throw new UserError(problems[0] ?? '');
  if (problems.length > 1) {
    throw new UserError(
      `The hotfix form has ${problems.length} mistakes:\n${problems.map((p) => `- ${p}`).join('\n')}`,
    );
  }
  return { severity: severity as Severity, issue, impact };
}

/** Step 6: `HOTFIX: <issue>`. A title is plain text on GitHub (no mentions, no HTML). */
export function pullTitle(issue: string): string {
  return hotfixText(toSingleLine(issue));
}
