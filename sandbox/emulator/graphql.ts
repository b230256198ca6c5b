/**
 * The part of GitHub's GraphQL API the actions use: reading files (blobs) of a repository by
 * `object(expression: "<commit>:<path>")` or `object(oid:)`, many in one query through aliases;
 * annotated tags by `object(oid:)` (their target, one level); branch heads by
 * `ref(qualifiedName:)` (its target's oid).
 *
 * Queries are parsed, validated and executed by graphql-js against GitHub's published schema
 * (@octokit/graphql-schema's SDL file), so a query GitHub would refuse is refused here too and
 * recorded as a problem. Fields the sandbox does not emulate fail loudly, also as problems.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, graphql, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { Git } from './git.js';
import type { Reply } from './http.js';
import type { Repository } from './repository.js';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

let schema: GraphQLSchema | undefined;

/** GitHub's schema, built once per process (about 250 ms) on the first GraphQL request. */
function githubSchema(): GraphQLSchema {
  // The package's index also parses its 10 MB JSON introspection; the SDL file alone is enough.
  const sdl = join(PROJECT_ROOT, 'node_modules/@octokit/graphql-schema/schema.graphql');
  // The published SDL defines a few enterprise fields twice; nothing the sandbox serves.
  schema ??= buildSchema(readFileSync(sdl, 'utf8'), { assumeValidSDL: true });
  return schema;
}

/**
 * GitHub cuts the text of a large blob (`isTruncated`) at a size it does not document; the
 * sandbox cuts at 512 KiB so that a client's fallback for long files is exercised.
 */
export const BLOB_TEXT_LIMIT = 512 * 1024;

/** A GraphQL request's answer, and what in it shows a problem of the client or the sandbox. */
export async function serveGraphql(
  body: unknown,
  findRepository: (owner: string, name: string) => Repository | undefined,
): Promise<{ reply: Reply; problems: string[] }> {
  const request = (body ?? {}) as { query?: unknown; variables?: unknown };
  if (typeof request.query !== 'string') {
    return {
      reply: {
        status: 400,
        body: { message: 'A query attribute must be specified and must be a string.' },
      },
      problems: ['graphql: a request without a query'],
    };
  }
  const result = await graphql({
    schema: githubSchema(),
    source: request.query,
    variableValues: (request.variables ?? {}) as Record<string, unknown>,
    rootValue: {
      repository: ({ owner, name }: { owner: string; name: string }) => {
        const repo = findRepository(owner, name);
        return repo === undefined ? null : repositoryNode(repo.git);
      },
    },
    fieldResolver: emulatedField,
    typeResolver: (value: { __typename: string }) => value.__typename,
  });
  const problems = (result.errors ?? []).map((error) => `graphql: ${error.message}`);
  return { reply: { status: 200, body: result }, problems };
}

/** Fields are served only from what a node object holds; anything else is not emulated. */
const emulatedField: GraphQLFieldResolver<Record<string, unknown>, unknown> = (
  source,
  args,
  _context,
  info,
) => {
  if (source !== null && typeof source === 'object' && Object.hasOwn(source, info.fieldName)) {
    const value = source[info.fieldName];
    return typeof value === 'function' ? (value as (a: unknown) => unknown)(args) : value;
  }
  throw new Error(`sandbox: ${info.parentType.name}.${info.fieldName} is not emulated`);
};

function repositoryNode(git: Git) {
  const readObject = objectReader(git);
  return {
    object: ({ expression, oid }: { expression?: string; oid?: string }) => {
      const name = oid ?? expression;
      return name === undefined || !isObjectName(name) ? null : readObject(name);
    },
    // A branch or tag by its full name (`refs/heads/main`), as the start reads branch heads.
    ref: async ({ qualifiedName }: { qualifiedName: string }) => {
      const ref = await git.ref(qualifiedName);
      if (ref === null) return null;
      const prefix = qualifiedName.slice(0, qualifiedName.lastIndexOf('/') + 1);
      return {
        __typename: 'Ref',
        name: qualifiedName.slice(prefix.length),
        prefix,
        target: { __typename: ref.type === 'tag' ? 'Tag' : 'Commit', oid: ref.sha },
      };
    },
  };
}

/** A SHA, or `<rev>:<path>` (a commit SHA or ref, and a path in it). */
function isObjectName(name: string): boolean {
  return (
    /^[0-9a-f]{4,40}$/.test(name) || (/^[\w./-]+:[^\0\n\r]*$/.test(name) && !name.startsWith('-'))
  );
}

/**
 * Blobs and tags by name, the names asked for in one tick read with one `git cat-file --batch`: graphql-js
 * resolves every aliased `object` of a query at once, and a process per file made a read of
 * hundreds of files take seconds.
 */
type ObjectNode = ReturnType<typeof blobNode> | ReturnType<typeof tagNode>;

function objectReader(git: Git): (name: string) => Promise<ObjectNode | null> {
  let waiting: {
    name: string;
    settle: (read: Promise<ObjectNode | null>) => void;
  }[] = [];
  const readWaiting = (): void => {
    const batch = waiting;
    waiting = [];
    const objects = git.readObjects(batch.map((entry) => entry.name));
    batch.forEach((entry, index) =>
      entry.settle(
        objects.then((read) => {
          const object = read[index];
          if (object?.type === 'blob') return blobNode(object.sha, object.content);
          if (object?.type === 'tag') return tagNode(object.sha, object.content);
          return null;
        }),
      ),
    );
  };
  return (name) =>
    new Promise((settle) => {
      if (waiting.length === 0) setImmediate(readWaiting);
      waiting.push({ name, settle });
    });
}

/** An annotated tag object: its target, one level (a Commit, or a Tag of a tag). */
function tagNode(sha: string, content: Buffer) {
  const headers = content.toString('utf8').split('\n\n')[0]?.split('\n') ?? [];
  const header = (name: string) =>
    headers.find((line) => line.startsWith(`${name} `))?.slice(name.length + 1) ?? '';
  const type = header('type');
  return {
    __typename: 'Tag',
    oid: sha,
    name: header('tag'),
    target: {
      __typename: type === 'tag' ? 'Tag' : type === 'commit' ? 'Commit' : 'Tree',
      oid: header('object'),
    },
  };
}

function blobNode(sha: string, content: Buffer) {
  const isBinary = content.includes(0);
  const isTruncated = !isBinary && content.length > BLOB_TEXT_LIMIT;
  return {
    __typename: 'Blob',
    oid: sha,
    abbreviatedOid: sha.slice(0, 7),
    byteSize: content.length,
    isBinary,
    isTruncated,
    text: isBinary
      ? null
      : (isTruncated ? content.subarray(0, BLOB_TEXT_LIMIT) : content).toString('utf8'),
  };
}
