/**
 * Times as the tracker shows them: minutes after T-0 and UTC clock times.
 */

/** Whole minutes from `from` to `to` (ISO), never negative. */
export function minutesBetween(from: string, to: string): number {
  return Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 60_000));
}

/** `10:05 UTC`, with the date when it is not the day of `reference` (or no reference is given). */
export function formatTime(iso: string, reference?: number): string {
  const date = new Date(iso);
  const day = date.toISOString().slice(0, 10);
  const time = date.toISOString().slice(11, 16);
  const sameDay = reference !== undefined && new Date(reference).toISOString().slice(0, 10) === day;
  return sameDay ? `${time} UTC` : `${day} ${time} UTC`;
}

/** The latest of some times (ISO), if any. */
export function latest(times: readonly (string | undefined)[]): string | undefined {
  let best: string | undefined;
  for (const time of times) {
    if (time !== undefined && (best === undefined || Date.parse(time) > Date.parse(best)))
      best = time;
  }
  return best;
}
