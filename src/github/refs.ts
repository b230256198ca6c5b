/**
 * Branch heads and an annotated tag's commit, read together in ONE GraphQL query where REST takes
 * a call each: what `start` needs to choose where the hotfix pull request merges (the base
 * branch's head, the maintenance branch's, the production tag's commit).
 */
import type { GitHubClient, RepositoryId } from './client.js';
import { tagCommit, type ProductionTag } from './production-tags.js';

interface RefAnswer {
  target: { oid: string } | null;
}

interface TagAnswer {
  target: { __typename: string; oid: string } | null;
}

/**
 * The head of each branch (undefined when it does not exist) and the commit the tag names. A
 * lightweight tag is its commit; a tag of a tag (rare) is peeled through REST.
 */
export async function readHeadsAndTag(
  github: GitHubClient,
  repository: RepositoryId,
  branches: readonly string[],
  tag: Pick<ProductionTag, 'name' | 'objectSha' | 'annotated'>,
): Promise<{ heads: (string | undefined)[]; tagCommit: string }> {
  const variables: Record<string, string> = { owner: repository.owner, name: repository.repo };
  const declarations = ['$owner: String!', '$name: String!'];
  const selections = branches.map((branch, index) => {
    variables[`b${index}`] = `refs/heads/${branch}`;
    declarations.push(`$b${index}: String!`);
    return `b${index}: ref(qualifiedName: $b${index}) { target { oid } }`;
  });
  if (tag.annotated) {
    variables['tag'] = tag.objectSha;
    declarations.push('$tag: GitObjectID!');
    selections.push('tag: object(oid: $tag) { ... on Tag { target { __typename oid } } }');
  }
  const query =
    `query(${declarations.join(', ')}) {\n` +
    `  repository(owner: $owner, name: $name) {\n    ${selections.join('\n    ')}\n  }\n}`;
  const answer = await github.graphql<{
    repository: Record<string, RefAnswer | TagAnswer | null>;
  }>(query, variables);
  const heads = branches.map(
    (_branch, index) => (answer.repository[`b${index}`] as RefAnswer | null)?.target?.oid,
  );
  if (!tag.annotated) return { heads, tagCommit: tag.objectSha };
  const target = (answer.repository['tag'] as TagAnswer | null)?.target;
  return {
    heads,
    tagCommit:
      target?.__typename === 'Commit' ? target.oid : await tagCommit(github, repository, tag),
  };
}
