import { UserError, formatLocation, type FileLocation } from './errors.js';
import { escapeTableCell } from './markdown.js';
import { nextPatch, parseReleaseVersion } from './version.js';
import {
  companionFiles,
  readVersion,
  updateCompanion,
  writeVersion,
  type VersionFileSpec,
  type VersionReading,
} from './version-files.js';

export interface BumpOptions {
  /** The version the files must hold (the production tag's); its next patch means already bumped. */
  expectedVersion?: string;
  buildNumber: 'increment' | 'keep';
}

export interface FileChange {
  path: string;
  /** Line of the (first) changed version value. */
  line: number;
  /** Full file contents. */
  before: string;
  after: string;
  /** As displayed, e.g. '0.1.0+5' -> '0.1.1+6'. */
  previous: string;
  next: string;
}

export interface BumpPlan {
  previousVersion: string;
  version: string;
  previousBuild?: string;
  build?: string;
  /** The files already hold the next patch of `expectedVersion`: nothing to write. */
  alreadyDone: boolean;
  changes: FileChange[];
}

/** Every path the planner needs: the version files, then the lockfile candidates of each package.json. */
export function filesToRead(specs: VersionFileSpec[]): string[] {
  const paths = new Set(specs.map((spec) => spec.path));
  for (const spec of specs) {
    for (const companion of companionFiles(spec)) paths.add(companion);
  }
  return [...paths];
}

/**
 * Plans the PATCH bump of every version file (and the npm lockfiles recording them), refusing
 * before any write when a file is missing, malformed, a prerelease, or disagrees with the others.
 * `contents` maps each path of `filesToRead` to its text, or undefined when the file does not exist.
 */
export function planBump(
  specs: VersionFileSpec[],
  contents: ReadonlyMap<string, string | undefined>,
  options: BumpOptions,
): BumpPlan {
  const { version: current, files } = readAgreedVersion(specs, contents);

  const first = files[0];
  if (first === undefined) throw new Error('no version files after the checks');
  const builtFile = files.find((file) => file.reading.build !== undefined);

  if (options.expectedVersion !== undefined) {
    const expected = parseReleaseVersion(options.expectedVersion, "input 'expected-version'");
    if (current === nextPatch(expected)) {
      const build = builtFile?.reading.build;
      const previousBuild =
        options.buildNumber === 'keep'
          ? build
          : build === undefined
            ? undefined
            : previousBuildOf(build);
      return {
        previousVersion: expected,
        version: current,
        previousBuild,
        build,
        alreadyDone: true,
        changes: [],
      };
    }
    if (current !== expected) {
      throw new UserError(
        `The version files hold ${current}, but ${expected} was expected (or ${nextPatch(expected)} ` +
          `if already bumped):\n${files.map((file) => `- ${describe(file.reading)}`).join('\n')}\n` +
          'Branch the hotfix from the production tag of that version, or correct expected-version.',
        files.map((file) => locationOf(file.reading)),
      );
    }
  }

  const version = nextPatch(current);
  const working = new Map<string, string>();
  const changes = new Map<string, FileChange>();
  const record = (path: string, line: number, previous: string, next: string): void => {
    const before = contents.get(path) ?? '';
    const after = working.get(path) ?? before;
    const change = changes.get(path);
    if (change === undefined) changes.set(path, { path, line, before, after, previous, next });
    else change.after = after;
  };

  for (const { spec, reading } of files) {
    const content = working.get(spec.path) ?? contents.get(spec.path) ?? '';
    // A `v` written before the version stays, so the file keeps its own convention.
    const written = (reading.version.trimStart().startsWith('v') ? 'v' : '') + version;
    const build =
      reading.build !== undefined && options.buildNumber === 'increment'
        ? incrementBuild(reading)
        : undefined;
    working.set(spec.path, writeVersion(spec, content, { version: written, build }));
    record(
      spec.path,
      reading.line,
      display(reading.version, reading.build),
      display(written, build ?? reading.build),
    );
  }

  for (const { spec, reading } of files) {
    for (const companion of companionFiles(spec)) {
      const before = working.get(companion) ?? contents.get(companion);
      if (before === undefined) continue;
      const updated = updateCompanion(spec, companion, before, reading.version, version);
      if (updated === undefined || updated === before) continue;
      working.set(companion, updated);
      record(companion, firstChangedLine(before, updated), current, version);
    }
  }

  const previousBuild = builtFile?.reading.build;
  const build =
    builtFile === undefined || options.buildNumber === 'keep'
      ? previousBuild
      : incrementBuild(builtFile.reading);
  return {
    previousVersion: current,
    version,
    previousBuild,
    build,
    alreadyDone: false,
    changes: [...changes.values()].filter((change) => change.after !== change.before),
  };
}

/**
 * The release version every version file holds, refusing when a file is missing, malformed, a
 * prerelease, or disagrees with the others. `contents` maps each file's path to its text.
 */
export function readAgreedVersion(
  specs: VersionFileSpec[],
  contents: ReadonlyMap<string, string | undefined>,
): {
  version: string;
  files: { spec: VersionFileSpec; reading: VersionReading; version: string }[];
} {
  const unique = uniqueSpecs(specs);
  if (unique.length === 0) {
    throw new UserError(
      "No version files to bump. List them under the product's `version-files` in " +
        '.github/hotfix.yml, or pass them in the `files` input.',
    );
  }
  const missing = unique.filter((spec) => contents.get(spec.path) === undefined);
  if (missing.length > 0) {
    throw new UserError(
      `Version file${missing.length > 1 ? 's' : ''} not found: ` +
        `${[...new Set(missing.map((spec) => spec.path))].join(', ')}. Fix the path in the ` +
        'version-files of .github/hotfix.yml (or the `files` input), or add the file on the branch.',
      missing.map((spec) => ({ file: spec.path })),
    );
  }

  const files = unique.map((spec) => {
    const content = contents.get(spec.path) ?? '';
    const reading = readVersion(spec, content);
    const version = parseReleaseVersion(reading.version, formatLocation(locationOf(reading)));
    return { spec, reading, version };
  });
  return { version: agreedVersion(files), files };
}

/** The same file listed twice would be bumped twice: keep the first of identical entries. */
function uniqueSpecs(specs: VersionFileSpec[]): VersionFileSpec[] {
  const seen = new Set<string>();
  return specs.filter((spec) => {
    const key = JSON.stringify([spec.path, spec.pattern ?? null]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function agreedVersion(files: { reading: VersionReading; version: string }[]): string {
  const versions = new Set(files.map((file) => file.version));
  const [only] = versions;
  if (versions.size === 1 && only !== undefined) return only;
  throw new UserError(
    `The version files disagree; they must all hold the same X.Y.Z before a hotfix bump:\n` +
      `${files.map((file) => `- ${describe(file.reading)}`).join('\n')}\n` +
      'Make them all hold the version of the production release, then re-run.',
    files.map((file) => locationOf(file.reading)),
  );
}

/** Build numbers are whole numbers; a zero-padded one keeps its width. */
function incrementBuild(reading: VersionReading): string {
  const build = reading.build ?? '';
  if (!/^\d+$/.test(build)) {
    throw new UserError(
      `${formatLocation(locationOf(reading))}: build number '${build}' is not a whole number, so ` +
        'it cannot be incremented. Make it a number, or set build-number: keep.',
      [locationOf(reading)],
    );
  }
  return (BigInt(build) + 1n).toString().padStart(build.length, '0');
}

/** What the build was before an increment that already happened (a re-run reports it). */
function previousBuildOf(build: string): string | undefined {
  if (!/^\d+$/.test(build) || BigInt(build) === 0n) return undefined;
  return (BigInt(build) - 1n).toString().padStart(build.length, '0');
}

function display(version: string, build: string | undefined): string {
  return build === undefined ? version : `${version}+${build}`;
}

function describe(reading: VersionReading): string {
  return `${formatLocation(locationOf(reading))}: ${display(reading.version, reading.build)}`;
}

function locationOf(reading: VersionReading): FileLocation {
  return { file: reading.path, line: reading.line, column: reading.column };
}

function firstChangedLine(before: string, after: string): number {
  let offset = 0;
  while (offset < before.length && before[offset] === after[offset]) offset++;
  return before.slice(0, offset).split('\n').length;
}

/** What bump-patch logs: each file's change, or that the files hold the version already. */
export function bumpLogLines(plan: BumpPlan, where: string, dryRun: boolean): string[] {
  if (plan.alreadyDone)
    return [`The version files in ${where} already hold ${plan.version}: nothing to do.`];
  const verb = dryRun ? 'Would bump' : 'Bumped';
  return plan.changes.map(
    (change) => `${verb} ${change.path}: ${change.previous} → ${change.next}`,
  );
}

/** bump-patch's job summary. */
export function bumpSummary(
  plan: BumpPlan,
  where: string,
  dryRun: boolean,
  commitSha: string | undefined,
): string {
  const rows = plan.changes.map(
    // Versions are validated X.Y.Z[+B]: safe in a code span.
    (change) => `| ${escapeTableCell(change.path)} | \`${change.previous}\` | \`${change.next}\` |`,
  );
  const heading = plan.alreadyDone
    ? `### bump-patch: already at ${plan.version}\n\nThe version files in ${where} already hold ${plan.version}; nothing was written.\n`
    : `### bump-patch: ${plan.previousVersion} → ${plan.version}${dryRun ? ' (dry run: nothing written)' : ''}\n\n` +
      `| File | Old | New |\n|---|---|---|\n${rows.join('\n')}\n`;
  return heading + (commitSha ? `\nCommitted as ${commitSha} on ${where}.\n` : '');
}
