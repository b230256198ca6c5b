import { shown } from './markdown.js';
import semver from 'semver';
import { UserError, type FileLocation } from './errors.js';

/**
 * Parse a release version `X.Y.Z` (semver, no prerelease, no build metadata) and return it
 * normalised: surrounding spaces and a leading `v` (as in tags and typed inputs) are dropped.
 * `where` (e.g. "apps/web/package.json:3" or "input 'expected-version'") goes into the message;
 * when it has the `file:line` form, the error also carries that location for an annotation.
 */
export function parseReleaseVersion(text: string, where?: string): string {
  const parsed = semver.parse(text.trim());
  const prefix = where === undefined ? '' : `${where}: `;
  const locations = where === undefined ? [] : locationsOf(where);
  if (parsed === null) {
    throw new UserError(
      `${prefix}'${shown(text)}' is not a version. Write it as X.Y.Z (three whole numbers, e.g. 0.1.0).`,
      locations,
    );
  }
  if (parsed.prerelease.length > 0) {
    throw new UserError(
      `${prefix}${parsed.version} is a prerelease; prereleases are not hotfixed. ` +
        `Release ${parsed.major}.${parsed.minor}.${parsed.patch} first, then hotfix that release.`,
      locations,
    );
  }
  if (parsed.build.length > 0) {
    throw new UserError(
      `${prefix}'${text.trim()}' has build metadata (+${parsed.build.join('.')}). ` +
        `Write the release version as X.Y.Z without '+…'.`,
      locations,
    );
  }
  return parsed.version;
}

/** The next PATCH release: 0.1.0 -> 0.1.1. */
export function nextPatch(version: string): string {
  const release = semver.parse(parseReleaseVersion(version));
  if (release === null) throw new Error(`parseReleaseVersion accepted '${version}'`);
  return `${release.major}.${release.minor}.${release.patch + 1}`;
}

/** The version before a hotfix version (1.2.4 → 1.2.3); undefined for X.Y.0, which no hotfix makes. */
export function previousPatch(version: string): string | undefined {
  const release = semver.parse(version.trim());
  if (release === null || release.prerelease.length > 0 || release.build.length > 0)
    return undefined;
  if (release.patch === 0) return undefined;
  return `${release.major}.${release.minor}.${release.patch - 1}`;
}

/** A version's release line, `MAJOR.MINOR` (2.9.1 → 2.9): the hotfixes of one release share it. */
export function releaseLine(version: string): { major: number; minor: number } {
  const release = semver.parse(parseReleaseVersion(version));
  if (release === null) throw new Error(`parseReleaseVersion accepted '${version}'`);
  return { major: release.major, minor: release.minor };
}

/** Whether two versions are of the same release line (same MAJOR.MINOR). */
export function sameReleaseLine(a: string, b: string): boolean {
  const [left, right] = [releaseLine(a), releaseLine(b)];
  return left.major === right.major && left.minor === right.minor;
}

/** Semver order: negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: string, b: string): number {
  return semver.compare(parseReleaseVersion(a), parseReleaseVersion(b));
}

function locationsOf(where: string): FileLocation[] {
  const match = /^(.+):(\d+)$/.exec(where);
  if (match === null || match[1] === undefined || match[2] === undefined) return [];
  return [{ file: match[1], line: Number(match[2]) }];
}
