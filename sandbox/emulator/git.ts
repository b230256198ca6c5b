import { execFile } from 'node:child_process';

/**
 * Real git plumbing on a bare repository. Nothing is cached: every read asks git, so a test that
 * pushes with plain git is seen by the next request.
 */

export interface Identity {
  name: string;
  email: string;
  /** ISO 8601 with offset, as GitHub returns it. */
  date: string;
}

export interface CommitObject {
  sha: string;
  tree: string;
  parents: string[];
  author: Identity;
  committer: Identity;
  message: string;
}

export interface TagObject {
  sha: string;
  object: string;
  type: string;
  tag: string;
  tagger: Identity;
  message: string;
}

export interface RefRecord {
  /** Full name: `refs/heads/main`. */
  ref: string;
  sha: string;
  type: 'commit' | 'tag' | 'tree' | 'blob';
  /** What an annotated tag points at (one level peeled); `sha` for other refs. */
  target: string;
}

export interface TreeEntry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  path: string;
  size?: number;
}

export interface FileChange {
  filename: string;
  previous_filename: string | undefined;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed';
  /** The file's blob after the change; null when it was removed. */
  sha: string | null;
  additions: number;
  deletions: number;
  patch: string | undefined;
}

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

const STATUS: Record<string, FileChange['status']> = {
  A: 'added',
  D: 'removed',
  M: 'modified',
  R: 'renamed',
  C: 'copied',
  T: 'changed',
};

export class GitFailure extends Error {
  constructor(
    readonly args: string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed (${exitCode}): ${stderr.trim()}`);
  }
}

export class Git {
  constructor(readonly gitDir: string) {}

  run(args: string[], options: { input?: Buffer | string; env?: NodeJS.ProcessEnv } = {}) {
    return new Promise<Buffer>((resolve, reject) => {
      const child = execFile(
        'git',
        ['--git-dir', this.gitDir, ...args],
        {
          encoding: 'buffer',
          maxBuffer: 512 * 1024 * 1024,
          env: { ...process.env, GIT_TERMINAL_PROMPT: '0', ...options.env },
        },
        (error, stdout, stderr) => {
          if (error) {
            const code = typeof error.code === 'number' ? error.code : null;
            reject(new GitFailure(args, code, stderr.toString()));
          } else resolve(stdout);
        },
      );
      // git may exit without reading its input (an error, or a command that takes none); its
      // exit status says what happened, so a broken pipe here is not news.
      child.stdin?.on('error', () => {});
      child.stdin?.end(options.input ?? '');
    });
  }

  async text(args: string[], options?: Parameters<Git['run']>[1]): Promise<string> {
    return (await this.run(args, options)).toString('utf8');
  }

  /** The commit a branch, tag (peeled) or sha names, or null. */
  async resolveCommit(rev: string): Promise<string | null> {
    if (!isSafeRev(rev)) return null;
    try {
      return (
        await this.text(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`])
      ).trim();
    } catch {
      return null;
    }
  }

  async objectType(sha: string): Promise<string | null> {
    if (!/^[0-9a-f]{4,40}$/.test(sha)) return null;
    try {
      return (await this.text(['cat-file', '-t', sha])).trim();
    } catch {
      return null;
    }
  }

  async refs(): Promise<RefRecord[]> {
    const out = await this.text([
      'for-each-ref',
      '--format=%(refname)%00%(objectname)%00%(objecttype)%00%(*objectname)',
      'refs/',
    ]);
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [ref, sha, type, peeled] = line.split('\0') as [
          string,
          string,
          RefRecord['type'],
          string,
        ];
        return { ref, sha, type, target: peeled || sha };
      });
  }

  async ref(fullName: string): Promise<RefRecord | null> {
    return (await this.refs()).find((r) => r.ref === fullName) ?? null;
  }

  /** Compare-and-swap: `old` null means the ref must not exist yet. */
  async updateRef(fullName: string, sha: string, old: string | null): Promise<boolean> {
    try {
      await this.run(['update-ref', fullName, sha, old ?? '']);
      return true;
    } catch (error) {
      if (error instanceof GitFailure) return false;
      throw error;
    }
  }

  async deleteRef(fullName: string, old: string): Promise<boolean> {
    try {
      await this.run(['update-ref', '-d', fullName, old]);
      return true;
    } catch (error) {
      if (error instanceof GitFailure) return false;
      throw error;
    }
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    try {
      await this.run(['merge-base', '--is-ancestor', ancestor, descendant]);
      return true;
    } catch (error) {
      if (error instanceof GitFailure && error.exitCode === 1) return false;
      throw error;
    }
  }

  async mergeBase(a: string, b: string): Promise<string | null> {
    try {
      return (await this.text(['merge-base', a, b])).trim() || null;
    } catch {
      return null;
    }
  }

  async count(range: string[]): Promise<number> {
    return Number((await this.text(['rev-list', '--count', ...range])).trim());
  }

  async hashObject(type: 'blob', content: Buffer): Promise<string> {
    return (
      await this.text(['hash-object', '-w', '-t', type, '--stdin'], { input: content })
    ).trim();
  }

  async catFile(type: string, sha: string): Promise<Buffer> {
    return this.run(['cat-file', type, sha]);
  }

  async size(sha: string): Promise<number> {
    return Number((await this.text(['cat-file', '-s', sha])).trim());
  }

  async lsTree(
    tree: string,
    options: { recursive?: boolean; path?: string } = {},
  ): Promise<TreeEntry[]> {
    const args = ['ls-tree', '-z', '--long', '--full-tree'];
    if (options.recursive) args.push('-r', '-t');
    args.push(tree);
    if (options.path !== undefined) args.push('--', options.path);
    const out = await this.text(args);
    return out
      .split('\0')
      .filter(Boolean)
      .map((record) => {
        const tab = record.indexOf('\t');
        const [mode, type, sha, size] = record.slice(0, tab).split(/\s+/) as [
          string,
          TreeEntry['type'],
          string,
          string,
        ];
        const entry: TreeEntry = { mode, type, sha, path: record.slice(tab + 1) };
        if (type === 'blob') entry.size = Number(size);
        return entry;
      });
  }

  async mktree(
    entries: { mode: string; type: string; sha: string; name: string }[],
  ): Promise<string> {
    const input = entries.map((e) => `${e.mode} ${e.type} ${e.sha}\t${e.name}\0`).join('');
    return (await this.text(['mktree', '-z'], { input })).trim();
  }

  async commitTree(commit: {
    tree: string;
    parents: string[];
    message: string;
    author: Identity;
    committer: Identity;
  }): Promise<string> {
    const args = ['commit-tree', commit.tree, ...commit.parents.flatMap((p) => ['-p', p])];
    const env = {
      GIT_AUTHOR_NAME: commit.author.name,
      GIT_AUTHOR_EMAIL: commit.author.email,
      GIT_AUTHOR_DATE: toGitDate(commit.author.date),
      GIT_COMMITTER_NAME: commit.committer.name,
      GIT_COMMITTER_EMAIL: commit.committer.email,
      GIT_COMMITTER_DATE: toGitDate(commit.committer.date),
    };
    return (await this.text(args, { input: commit.message, env })).trim();
  }

  async mktag(tag: Omit<TagObject, 'sha'>): Promise<string> {
    const input =
      `object ${tag.object}\ntype ${tag.type}\ntag ${tag.tag}\n` +
      `tagger ${tag.tagger.name} <${tag.tagger.email}> ${toGitDate(tag.tagger.date)}\n\n${tag.message}`;
    return (await this.text(['mktag'], { input })).trim();
  }

  async readCommit(sha: string): Promise<CommitObject> {
    return parseCommit(sha, (await this.catFile('commit', sha)).toString('utf8'));
  }

  /**
   * Objects by name (a SHA, or `<rev>:<path>`) with one `git cat-file --batch`; null for a name
   * that names nothing. Names must not hold a line break (one name per line).
   */
  async readObjects(
    names: readonly string[],
  ): Promise<({ sha: string; type: string; content: Buffer } | null)[]> {
    if (names.length === 0) return [];
    if (names.some((name) => /[\n\r\0]/.test(name)))
      throw new Error('sandbox: a name with a break');
    const out = await this.run(['cat-file', '--batch'], { input: `${names.join('\n')}\n` });
    const objects: ({ sha: string; type: string; content: Buffer } | null)[] = [];
    let offset = 0;
    for (let i = 0; i < names.length; i++) {
      const headerEnd = out.indexOf(0x0a, offset);
      const header = out.subarray(offset, headerEnd).toString('utf8');
      offset = headerEnd + 1;
      // `<sha> <type> <size>`, else `<name> missing` (or `ambiguous`): nothing follows.
      const found = /^([0-9a-f]{40}) (\w+) (\d+)$/.exec(header);
      if (found === null) {
        objects.push(null);
        continue;
      }
      const size = Number(found[3]);
      objects.push({
        sha: found[1] ?? '',
        type: found[2] ?? '',
        content: out.subarray(offset, offset + size),
      });
      offset += size + 1;
    }
    return objects;
  }

  /** Many commits with one `git cat-file --batch` (a page of 100 would be 100 processes). */
  async readCommits(shas: readonly string[]): Promise<CommitObject[]> {
    const objects = await this.readObjects(shas);
    return objects.map((object, index) => {
      if (object?.type !== 'commit') throw new Error(`sandbox: ${shas[index]} is not a commit`);
      return parseCommit(object.sha, object.content.toString('utf8'));
    });
  }

  async readTag(sha: string): Promise<TagObject> {
    const raw = (await this.catFile('tag', sha)).toString('utf8');
    const { headers, message } = splitObject(raw);
    return {
      sha,
      object: headers.get('object')?.[0] ?? '',
      type: headers.get('type')?.[0] ?? 'commit',
      tag: headers.get('tag')?.[0] ?? '',
      tagger: parseIdentity(headers.get('tagger')?.[0] ?? ''),
      message,
    };
  }

  /** The tree of merging two commits, or null when they conflict (`git merge-tree`, no worktree). */
  async mergeTree(ours: string, theirs: string): Promise<string | null> {
    try {
      const out = await this.text(['merge-tree', '--write-tree', '--no-messages', ours, theirs]);
      return out.split('\n')[0]?.trim() || null;
    } catch (error) {
      if (error instanceof GitFailure && error.exitCode === 1) return null; // conflicts
      throw error;
    }
  }

  /**
   * A commit merging `theirs` into `ours` with a real three-way merge (`mergeTree`), or null when
   * they conflict (no commit then; `merge-tree` may leave unreachable trees). Parents are
   * `[ours, theirs]`; with `squash`, `[ours]`.
   */
  async mergeCommit(
    ours: string,
    theirs: string,
    commit: { message: string; author: Identity; committer: Identity; squash?: boolean },
  ): Promise<string | null> {
    const tree = await this.mergeTree(ours, theirs);
    if (!tree) return null;
    return this.commitTree({
      tree,
      parents: commit.squash ? [ours] : [ours, theirs],
      message: commit.message,
      author: commit.author,
      committer: commit.committer,
    });
  }

  /** Files changed from `from` (null: the empty tree) to `to`, with renames, as GitHub lists them. */
  async diff(from: string | null, to: string): Promise<FileChange[]> {
    const base = from ?? EMPTY_TREE;
    const range = ['-M', '--no-ext-diff', '--no-color', base, to];
    const raw = (await this.text(['diff', '--raw', '-z', ...range])).split('\0');
    const numstat = (await this.text(['diff', '--numstat', '-z', ...range])).split('\0');
    const patches = (await this.text(['diff', ...range]))
      .split(/^(?=diff --git )/m)
      .filter(Boolean);
    const changes: FileChange[] = [];
    for (let i = 0; i < raw.length - 1;) {
      const [, , , sha, letter] = (raw[i++] as string).slice(1).split(' ') as string[];
      const kind = (letter ?? 'M')[0] as string;
      const renamed = kind === 'R' || kind === 'C';
      const previous = renamed ? (raw[i++] as string) : undefined;
      const filename = raw[i++] as string;
      changes.push({
        filename,
        previous_filename: previous,
        status: STATUS[kind] ?? 'modified',
        sha: kind === 'D' ? null : (sha ?? null),
        additions: 0,
        deletions: 0,
        patch: undefined,
      });
    }
    for (let i = 0, file = 0; i < numstat.length - 1; file++) {
      const [added, deleted, path] = (numstat[i++] as string).split('\t');
      if (path === '') i += 2; // a rename: old and new names follow
      const change = changes[file];
      if (!change) break;
      change.additions = Number(added) || 0; // `-` for binary files
      change.deletions = Number(deleted) || 0;
    }
    patches.forEach((patch, index) => {
      const change = changes[index];
      const hunks = patch.indexOf('\n@@');
      if (change && hunks !== -1) change.patch = patch.slice(hunks + 1).replace(/\n$/, '');
    });
    return changes;
  }

  /** Commits from `git rev-list <args>` (newest first unless `--reverse` is passed). */
  async revList(args: string[]): Promise<string[]> {
    return (await this.text(['rev-list', ...args])).split('\n').filter(Boolean);
  }
}

/** A revision we let reach `git rev-parse`: a ref name or a sha, not an option or an expression. */
function isSafeRev(rev: string): boolean {
  return rev !== '' && !rev.startsWith('-') && !/[\s:^~?*[\\]|\.\.|@\{/.test(rev);
}

function parseCommit(sha: string, raw: string): CommitObject {
  const { headers, message } = splitObject(raw);
  return {
    sha,
    tree: headers.get('tree')?.[0] ?? '',
    parents: headers.get('parent') ?? [],
    author: parseIdentity(headers.get('author')?.[0] ?? ''),
    committer: parseIdentity(headers.get('committer')?.[0] ?? ''),
    message,
  };
}

function splitObject(raw: string): { headers: Map<string, string[]>; message: string } {
  const end = raw.indexOf('\n\n');
  const head = end === -1 ? raw : raw.slice(0, end);
  const headers = new Map<string, string[]>();
  for (const line of head.split('\n')) {
    if (line.startsWith(' ')) continue; // continuation of a multi-line header (gpgsig)
    const space = line.indexOf(' ');
    const key = line.slice(0, space);
    headers.set(key, [...(headers.get(key) ?? []), line.slice(space + 1)]);
  }
  return { headers, message: end === -1 ? '' : raw.slice(end + 2) };
}

function parseIdentity(value: string): Identity {
  const match = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(value);
  if (!match) return { name: value, email: '', date: new Date(0).toISOString() };
  const [, name, email, seconds] = match as unknown as [string, string, string, string];
  // GitHub shows git dates in UTC with a `Z`.
  return {
    name,
    email,
    date: new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z'),
  };
}

/** ISO 8601 (`2026-03-05T10:00:00+01:00` or `...Z`) to git's `<seconds> <offset>`. */
export function toGitDate(iso: string): string {
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) throw new Error(`invalid date ${iso}`);
  const offset = /([+-])(\d\d):?(\d\d)$/.exec(iso);
  const zone = offset ? `${offset[1]}${offset[2]}${offset[3]}` : '+0000';
  return `${Math.floor(millis / 1000)} ${zone}`;
}
