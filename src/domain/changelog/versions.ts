/** How both formats read the versions of their entries, and where a new version goes among them. */
import semver from 'semver';
import { unescapeInline } from '../markdown.js';

/** `v0.1.1`, `0.1.1+6` (a Flutter build number) and `0.1.1` are the same release. */
export function comparableVersion(text: string): string {
  return text
    .trim()
    .replace(/^v(?=\d)/i, '')
    .replace(/\+.*$/, '');
}

/** The version a table cell or heading names: `0.1.1`, `v0.1.1`, `` `0.1.1` ``, `**0.1.1**`, `[0.1.1](…)`. */
export function versionIn(markdown: string): string | undefined {
  const text = unescapeInline(markdown)
    .replace(/[`*]/g, '')
    .replace(/^\[([^\]]*)\](?:\(.*\)|\[[^\]]*\])?$/, '$1')
    .trim();
  const match = /^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$/i.exec(text);
  return match?.[1] === undefined ? undefined : comparableVersion(match[1]);
}

/** a < b by semver; false when a is no version semver reads (`01.2.3`): such an entry is ignored. */
export function isLower(a: string, b: string): boolean {
  const parsed = semver.parse(a);
  return parsed !== null && parsed.compare(b) < 0;
}

/** How a CHANGELOG orders its entries. */
export type VersionOrder = 'newest-first' | 'oldest-first';

/**
 * Where a new version's entry goes among `count` entries, in the file's own order: newest first,
 * before the first entry of a lower version (after the last when none is lower); oldest first,
 * after the last entry of a lower version (before the first when none is lower). Returns the
 * index of the entry it goes before (`count`: after the last). An entry whose `versionAt` is
 * undefined is ignored, and only the entries up to the insertion point are read.
 */
export function insertionIndex(
  count: number,
  versionAt: (index: number) => string | undefined,
  version: string,
  order: VersionOrder,
): number {
  const isLowerAt = (index: number): boolean => {
    const other = versionAt(index);
    return other !== undefined && isLower(other, version);
  };
  if (order === 'newest-first') {
    for (let index = 0; index < count; index++) if (isLowerAt(index)) return index;
    return count;
  }
  for (let index = count - 1; index >= 0; index--) if (isLowerAt(index)) return index + 1;
  return 0;
}
