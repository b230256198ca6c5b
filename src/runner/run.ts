import { annotateError, debug, setFailed } from './commands.js';
import { UserError, type FileLocation } from '../domain/errors.js';
import { describeGitHubFailure, gitHubFailureOf } from './github-failure.js';

/**
 * Runs an action's body and turns what it throws into the step's failure: a UserError's message
 * alone (and an annotation on each file line it names); a GitHub failure the client annotated,
 * with its call, cause and what was written; anything else, Error or not, is a bug, reported with
 * its stack in the debug log. True when the body completed.
 */
export async function runAction(body: () => Promise<void>): Promise<boolean> {
  try {
    await body();
    return true;
  } catch (thrown) {
    if (thrown instanceof UserError) {
      // One annotation per line named, with that line's own problem when the message lists
      // several (a YAML file with six errors is not seven copies of one message).
      for (const location of distinctLines(thrown.locations)) {
        annotateError(location.note ?? thrown.message, location);
      }
      setFailed(thrown.message);
      return false;
    }
    // A refusal or an outage of GitHub's is told as such, not as a bug.
    const failure = gitHubFailureOf(thrown);
    if (failure) {
      if (thrown instanceof Error) debug(thrown.stack ?? String(thrown));
      setFailed(describeGitHubFailure(failure));
      return false;
    }
    const error =
      thrown instanceof Error ? thrown : new Error(`Non-Error thrown: ${describe(thrown)}`);
    debug(error.stack ?? String(error));
    setFailed(`Unexpected error (a bug in hotfix-actions, please report it): ${error.message}`);
    return false;
  }
}

function distinctLines(locations: readonly FileLocation[]): FileLocation[] {
  const seen = new Set<string>();
  return locations.filter((location) => {
    const key = `${location.file}:${location.line ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describe(value: unknown): string {
  try {
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}
