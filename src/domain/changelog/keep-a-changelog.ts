/**
 * Keep a Changelog: `## [0.1.1] - 2026-03-05` / `### Fixed` / `- HOTFIX: …` newest first below
 * the `## [Unreleased]` section (usually right after it), and the version's compare link among
 * the link definitions, in the same order.
 */
import semver from 'semver';
import { escapeInline, unescapeInline } from '../markdown.js';
import {
  unchanged,
  type AddContext,
  type ChangelogFormat,
  type EntryResult,
  type FoundEntry,
  type NewEntry,
} from './format.js';
import { applyEdits, type Edit, type Line, type Lines } from './lines.js';
import { insertionIndex, isLower, versionIn } from './versions.js';

/** What tells a Keep a Changelog file apart: a bracketed version or Unreleased heading. */
const KEEP_A_CHANGELOG_HEADING = /^##\s+\[\s*(?:unreleased|v?\d+\.\d+\.\d+[^\]]*)\s*\]/i;

/** `## [0.1.1] - 2026-03-05`, `## [v0.1.1](…) (2026-03-05)`, `## 0.1.1`, `## [Unreleased]`. */
const RELEASE_HEADING =
  /^##\s+(?:\[\s*(?<bracketed>[^\]]+?)\s*\]|(?<bare>v?\d+\.\d+\.\d+[0-9A-Za-z.+-]*))(?<rest>.*)$/;

const LINK_DEFINITION = /^ {0,3}\[(?<label>[^\]]+)\]:\s*(?<url>\S+)/;

/** The label of the `[Unreleased]` heading and link, in any case. */
function isUnreleased(label: string): boolean {
  return /^unreleased$/i.test(label);
}

interface ReleaseSection {
  /** 0-based line index of the heading. */
  line: number;
  /** Index of the line after the section: the next `#`/`##` heading or the link definitions. */
  end: number;
  unreleased: boolean;
  version?: string;
  /** The label as written, e.g. `v0.1.0`, for the version's link definition. */
  label: string;
  date?: string;
}

interface LinkDefinition {
  line: number;
  label: string;
  url: string;
}

interface ReleaseDocument {
  sections: ReleaseSection[];
  /** The link definitions at the bottom of the file, if it has them. */
  links: LinkDefinition[];
  linksStart?: number;
}

function readReleaseSections(lines: Line[]): ReleaseDocument {
  // Link definitions at the bottom: the last run of `[label]: url` lines (blank lines between).
  const links: LinkDefinition[] = [];
  let linksStart: number | undefined;
  for (let index = lines.length - 1; index >= 0; index--) {
    const line = lines[index];
    if (line === undefined || !line.markdown) break;
    if (line.text.trim() === '') continue;
    const match = LINK_DEFINITION.exec(line.text)?.groups;
    if (match === undefined) break;
    links.unshift({ line: index, label: match.label ?? '', url: match.url ?? '' });
    linksStart = index;
  }

  const headingLines = lines
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => line.markdown && /^#{1,2}\s/.test(line.text));
  const bodyEnd = linksStart ?? lines.length;
  const sections: ReleaseSection[] = [];
  headingLines.forEach(({ line, index }, i) => {
    const match = RELEASE_HEADING.exec(line.text)?.groups;
    const label = (match?.bracketed ?? match?.bare)?.trim();
    if (label === undefined || index >= bodyEnd) return;
    const unreleased = isUnreleased(label);
    const version = versionIn(label);
    if (!unreleased && version === undefined) return;
    const date = [...(match?.rest ?? '').matchAll(/\d{4}-\d{2}-\d{2}/g)].at(-1)?.[0];
    sections.push({
      line: index,
      end: Math.min(headingLines[i + 1]?.index ?? bodyEnd, bodyEnd),
      unreleased,
      label,
      version,
      date,
    });
  });
  return { sections, links, linksStart };
}

/** A section's list items as plain text (continuation lines joined), or its paragraph text. */
function sectionItems(lines: Line[], section: ReleaseSection): string[] {
  const items: string[] = [];
  const paragraphs: string[] = [];
  let inItem = false;
  for (const line of lines.slice(section.line + 1, section.end)) {
    const item = /^ {0,3}[-*+]\s+(.*)$/.exec(line.text);
    if (item !== null) {
      items.push(item[1] ?? '');
      inItem = true;
    } else if (line.text.trim() === '' || /^#/.test(line.text)) {
      inItem = false;
    } else if (inItem && /^\s/.test(line.text)) {
      items[items.length - 1] += ` ${line.text.trim()}`;
    } else {
      paragraphs.push(line.text.trim());
    }
  }
  const texts = items.length > 0 ? items : paragraphs.length > 0 ? [paragraphs.join(' ')] : [];
  return texts.map((text) => unescapeInline(text.trim()));
}

interface ReleaseStyle {
  /** `v` when the file's version headings say `[v0.1.0]`. */
  versionPrefix: string;
  bullet: string;
  blankAfterSubheading: boolean;
}

/** Follows the file's own habits, so the new section looks like its neighbours. */
function releaseStyle(lines: Line[], document: ReleaseDocument): ReleaseStyle {
  const newest = document.sections.find((section) => section.version !== undefined);
  const body = lines.slice(document.sections[0]?.line ?? 0).filter((line) => line.markdown);
  const bullet = body.map((line) => /^ {0,3}([-*+])\s/.exec(line.text)?.[1]).find(Boolean);
  const subheading = lines.findIndex((line) => line.markdown && /^###\s/.test(line.text));
  return {
    versionPrefix: /^v/i.exec(newest?.label ?? '')?.[0] ?? '',
    bullet: bullet ?? '-',
    blankAfterSubheading: subheading === -1 || lines[subheading + 1]?.text.trim() === '',
  };
}

function releaseSection(entry: NewEntry, style: ReleaseStyle): string[] {
  return [
    `## [${style.versionPrefix}${entry.version}] - ${entry.date}`,
    '',
    '### Fixed',
    ...(style.blankAfterSubheading ? [''] : []),
    `${style.bullet} ${escapeInline(entry.text)}`,
  ];
}

/** A version's section as an entry found, and its items (`text` joins them, one per line). */
function sectionEntry(
  lines: Line[],
  document: ReleaseDocument,
  version: string,
): { found: FoundEntry; items: string[] } | undefined {
  const section = document.sections.find((s) => s.version === version);
  if (section === undefined) return undefined;
  const items = sectionItems(lines, section);
  return {
    found: {
      text: items.join('\n'),
      date: section.date,
      line: section.line + 1,
      format: 'keep-a-changelog',
    },
    items,
  };
}

/**
 * Adds the entry's section newest first below `## [Unreleased]`: above the first release of a
 * lower version, so usually right after `## [Unreleased]`, or after the last release when every
 * release is newer. Its link definition goes in the same order.
 */
function addReleaseSection(allLines: Lines, entry: NewEntry, context: AddContext): EntryResult {
  const lines = allLines.slice();
  const document = readReleaseSections(lines);
  const style = releaseStyle(lines, document);
  const section = releaseSection(entry, style);
  const markdown = section.join('\n');

  const existing = sectionEntry(lines, document, entry.version);
  if (existing !== undefined) {
    return unchanged(allLines, markdown, 'keep-a-changelog', entry, existing.found, existing.items);
  }

  // Newest first, below [Unreleased]: right after the release above the new one; with none
  // above, after [Unreleased], else above the newest release, else at the end, above the links.
  const releases = document.sections.filter((s) => s.version !== undefined);
  const before = insertionIndex(
    releases.length,
    (i) => releases[i]?.version,
    entry.version,
    'newest-first',
  );
  const above = before > 0 ? releases[before - 1] : document.sections.find((s) => s.unreleased);
  const at = above?.end ?? releases[0]?.line ?? document.linksStart ?? lines.length;
  const isBlank = (index: number): boolean => (lines[index]?.text.trim() ?? '') === '';
  const blankBefore = at > 0 && !isBlank(at - 1);
  const blankAfter = at < lines.length && !isBlank(at);
  const insert = [...(blankBefore ? [''] : []), ...section, ...(blankAfter ? [''] : [])];

  const { edits, warnings } = linkEdits(document, entry.version, style, context);
  return {
    content: applyEdits(allLines, [...edits, { at, remove: 0, insert }]),
    changed: true,
    entry: markdown,
    format: 'keep-a-changelog',
    line: at + (blankBefore ? 1 : 0) + 1,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/** Matches a version inside a ref or URL (`v0.1.0`, `web/prod-v0.1.0`) but not `10.1.0` or `0.1.0.1`. */
function versionToken(version: string): RegExp {
  return new RegExp(`(?<![\\d.])${version.replace(/\./g, '\\.')}(?![\\d]|\\.\\d)`);
}

/** `…/compare/FROM...TO`, the shape of GitHub's (and GitLab's) compare URLs. */
const COMPARE_URL = /^(?<base>.*\/compare\/)(?<from>.+?)(?<dots>\.{2,3})(?<to>[^.].*)$/;

function parseCompareUrl(
  url: string,
): { base: string; from: string; dots: string; to: string } | undefined {
  const { base, from, dots, to } = COMPARE_URL.exec(url)?.groups ?? {};
  if (base === undefined || from === undefined || dots === undefined || to === undefined) {
    return undefined;
  }
  return { base, from, dots, to };
}

/**
 * The new version's link definition (placed in version order) and the `[Unreleased]` link moved
 * to compare from the new version, when the file keeps link definitions at the bottom.
 */
function linkEdits(
  document: ReleaseDocument,
  version: string,
  style: ReleaseStyle,
  context: AddContext,
): { edits: Edit[]; warnings: string[] } {
  if (document.linksStart === undefined) return { edits: [], warnings: [] };
  const edits: Edit[] = [];
  const warnings: string[] = [];
  // The release this one follows: the newest older version (a hotfix of an old line compares
  // with its own predecessor, not with the newest release).
  const previous = document.sections
    .map((section) => section.version)
    .filter((v): v is string => v !== undefined && isLower(v, version))
    .sort(semver.rcompare)[0];
  const label = `${style.versionPrefix}${version}`;
  const unreleased = document.links.find((link) => isUnreleased(link.label));
  const unreleasedCompare = unreleased && parseCompareUrl(unreleased.url);

  if (!document.links.some((link) => versionIn(link.label) === version)) {
    const url = previous && compareLink(document, previous, version, context);
    if (url === undefined) {
      warnings.push(
        `No link definition was added for [${label}]: ` +
          (previous === undefined
            ? 'the changelog has no earlier version to compare with.'
            : `no compare URL is known and no ".../compare/A...B" link in the file shows the tag names.`),
      );
    } else {
      edits.push({
        at: linkPosition(document, version),
        remove: 0,
        insert: [`[${label}]: ${url}`],
      });
    }
  }

  if (unreleased && unreleasedCompare && previous !== undefined) {
    const token = versionToken(previous);
    const { base, from, dots, to } = unreleasedCompare;
    if (token.test(from)) {
      const line = `[${unreleased.label}]: ${base}${from.replace(token, version)}${dots}${to}`;
      edits.unshift({ at: unreleased.line, remove: 1, insert: [line] }); // a replacement goes first
    }
  }
  return { edits, warnings };
}

/**
 * The compare URL from the caller; else one made like the file's own: the previous version's
 * `compare/A...PREV` link, or the `[Unreleased]` link's `compare/PREV...HEAD`, shows the tag names.
 */
function compareLink(
  document: ReleaseDocument,
  previous: string,
  version: string,
  context: AddContext,
): string | undefined {
  if (context.compareUrl !== undefined) return context.compareUrl(previous, version);
  const token = versionToken(previous);
  for (const link of document.links) {
    const compare = parseCompareUrl(link.url);
    // `[PREV]: …/compare/OLDER...PREV` and `[Unreleased]: …/compare/PREV...HEAD` name PREV's tag.
    const previousTag =
      versionIn(link.label) === previous
        ? compare?.to
        : isUnreleased(link.label)
          ? compare?.from
          : undefined;
    if (compare !== undefined && previousTag !== undefined && token.test(previousTag)) {
      return `${compare.base}${previousTag}...${previousTag.replace(token, version)}`;
    }
  }
  return undefined;
}

/** Before the first link of an older version; else after the last version or Unreleased link. */
function linkPosition(document: ReleaseDocument, version: string): number {
  const isRelease = (link: LinkDefinition): boolean =>
    isUnreleased(link.label) || versionIn(link.label) !== undefined;
  const older = document.links.find((link) => {
    const linkVersion = versionIn(link.label);
    return linkVersion !== undefined && isLower(linkVersion, version);
  });
  if (older !== undefined) return older.line;
  const lastRelease = document.links.filter(isRelease).at(-1);
  return lastRelease !== undefined ? lastRelease.line + 1 : (document.linksStart ?? 0);
}

export const keepAChangelogFormat: ChangelogFormat = {
  name: 'keep-a-changelog',
  emptyFile: '# Changelog\n',
  detect: (lines) => {
    for (let index = 0; index < lines.count; index++) {
      if (lines.isMarkdown(index) && KEEP_A_CHANGELOG_HEADING.test(lines.text(index))) return true;
    }
    return false;
  },
  add: addReleaseSection,
  find: (allLines, version) => {
    const lines = allLines.slice();
    return sectionEntry(lines, readReleaseSections(lines), version)?.found;
  },
};
