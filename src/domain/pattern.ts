/**
 * Patterns a user writes (a version file's `pattern`, a health check's `expect-body-regex`) are
 * JavaScript regexes, and a backtracking engine can take hours on a pattern with nested
 * repetition (`(a+)+$`) against a few kilobytes: the step would hang until the job's timeout.
 * So every match runs under a time bound (a `node:vm` script with a timeout, which V8 interrupts
 * even inside a regex), and a pattern that exceeds it is refused with what to change. Syntax and
 * results are JavaScript's, unchanged.
 */
import { createContext, runInContext, type Context } from 'node:vm';

/** Far above any sane pattern on a version file or a health page (they take microseconds). */
export const MATCH_TIMEOUT_MS = 1000;

let sandbox: (Context & { regex?: RegExp; text?: string }) | undefined;

/** `regex.exec(text)` bounded in time; throws PatternTimeout past MATCH_TIMEOUT_MS. */
export function boundedExec(regex: RegExp, text: string): RegExpExecArray | null {
  sandbox ??= createContext({});
  sandbox.regex = regex;
  sandbox.text = text;
  try {
    return runInContext('regex.exec(text)', sandbox, {
      timeout: MATCH_TIMEOUT_MS,
    }) as RegExpExecArray | null;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      throw new PatternTimeout(regex.source);
    }
    throw error;
  } finally {
    sandbox.regex = undefined;
    sandbox.text = undefined;
  }
}

/** A pattern that took longer than MATCH_TIMEOUT_MS: it backtracks catastrophically. */
export class PatternTimeout extends Error {
  override name = 'PatternTimeout';
  constructor(readonly pattern: string) {
    super(
      `pattern /${pattern}/ took more than ${MATCH_TIMEOUT_MS / 1000} s to match and was ` +
        'stopped: it backtracks catastrophically (a repetition inside a repetition, like ' +
        '(a+)+ or (\\w*)*). Simplify it to one repetition per part',
    );
  }
}
