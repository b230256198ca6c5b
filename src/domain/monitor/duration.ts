/**
 * Durations as people write them (`500ms`, `90s`, `1h30m`) and as reports show them. The one
 * reader of a duration: the configuration and the inputs accept the same texts.
 */
import { UserError } from '../errors.js';
import { shown } from '../markdown.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/**
 * Whole numbers with a unit, summed (`1h30m`), not all zero. The configuration's schema holds
 * its durations to this same pattern.
 */
export const DURATION_PATTERN = '^(?=.*[1-9])(?:[0-9]+(?:ms|s|m|h))+$';

/** The accepted forms, for messages. */
export const DURATION_FORMS = 'a whole number and ms, s, m or h, like 500ms, 90s, 15m, 2h or 1h30m';

const DURATION = new RegExp(DURATION_PATTERN);

/**
 * `500ms`, `90s`, `15m`, `2h`, `1h30m` in milliseconds; undefined for anything else (no bare
 * numbers: `5` could mean seconds or minutes, so it is refused rather than guessed).
 */
export function parseDurationMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DURATION.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)(ms|s|m|h)/g)) {
    total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  }
  // Hundreds of digits overflow; anything finite but huge is refused as too long.
  return Number.isFinite(total) ? total : undefined;
}

/**
 * The longest duration the monitor accepts: a job runs at most 5 days (on a self-hosted runner;
 * 6 hours on GitHub's own). Past about 24.8 days a timer would also fire at once, and the monitor
 * would report healthy after no monitoring at all.
 */
const MAX_DURATION_MS = 5 * 24 * 3_600_000;

/** Why a duration is too long for a job, to follow "<the duration> is"; undefined when it fits. */
export function tooLongProblem(ms: number): string | undefined {
  return ms > MAX_DURATION_MS
    ? "longer than a job can run (5 days on a self-hosted runner, 6 hours on GitHub's): " +
        'monitor for at most 5 days (the process asks for 2 hours)'
    : undefined;
}

/** A duration as written (for messages) and as read. */
export interface WrittenDuration {
  text: string;
  ms: number;
}

/** Why the interval does not fit in the duration (no round would run); undefined when it does. */
export function intervalProblem(
  interval: WrittenDuration,
  duration: WrittenDuration,
): string | undefined {
  return interval.ms > duration.ms
    ? `${interval.text} is longer than the duration ${duration.text}: make the interval shorter`
    : undefined;
}

/** A duration input or setting, or a UserError naming where it came from. */
export function requireDurationMs(text: string, what: string): number {
  const ms = parseDurationMs(text);
  if (ms === undefined) {
    throw new UserError(`${what} is '${shown(text)}', not a duration: write ${DURATION_FORMS}.`);
  }
  const tooLong = tooLongProblem(ms);
  if (tooLong !== undefined) throw new UserError(`${what} is ${formatDuration(ms)}, ${tooLong}.`);
  return ms;
}

/** `2h`, `1m 30s`, `500ms`: the largest units, exact to the millisecond. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
    ['ms', 1],
  ] as const) {
    const amount = Math.floor(rest / size);
    rest -= amount * size;
    if (amount > 0) parts.push(`${amount}${unit}`);
  }
  return parts.join(' ');
}

/** Elapsed wall time for people: whole seconds from a second up (`2h 0m 3s` → `2h 3s`). */
export function elapsedText(ms: number): string {
  const clamped = Math.max(0, ms);
  return formatDuration(clamped >= 1000 ? Math.round(clamped / 1000) * 1000 : clamped);
}
