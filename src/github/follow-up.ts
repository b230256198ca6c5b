/**
 * The follow-up's GitHub side: the postmortem issues, found by their marker (listed once per run)
 * and opened once. The flow is `command: follow-up`, in src/actions/hotfix/follow-up.ts.
 */
import { postmortemTracker } from '../domain/follow-up.js';
import type { GitHubClient, RepositoryId } from './client.js';
import { createOnce, NO_BLIND_RETRY } from './create-once.js';
import { POSTMORTEM_LABEL, colourNewLabels, type LabelSeen } from './labels.js';

export interface IndexedPostmortem {
  number: number;
  html_url: string;
  state: 'open' | 'closed';
  closed_at?: string;
  labels: LabelSeen[];
}

/** Postmortem issues by tracker, listed once per run (by their label) and only when needed. */
export class PostmortemIndex {
  private byTracker: Promise<Map<number, IndexedPostmortem>> | undefined;

  constructor(
    private readonly github: GitHubClient,
    private readonly repository: RepositoryId,
  ) {}

  async find(
    tracker: number,
    options: { fresh?: boolean } = {},
  ): Promise<IndexedPostmortem | undefined> {
    if (options.fresh) this.byTracker = undefined;
    this.byTracker ??= this.github
      .paginate(this.github.rest.issues.listForRepo, {
        ...this.repository,
        state: 'all',
        labels: POSTMORTEM_LABEL,
        per_page: 100,
      })
      .then((issues) => {
        const map = new Map<number, IndexedPostmortem>();
        for (const issue of issues) {
          const number = postmortemTracker(issue.body);
          if (number !== undefined && !map.has(number)) {
            map.set(number, {
              number: issue.number,
              html_url: issue.html_url,
              state: issue.state === 'closed' ? 'closed' : 'open',
              closed_at: issue.closed_at ?? undefined,
              labels: issue.labels.map((label) =>
                typeof label === 'string' ? { name: label } : label,
              ),
            });
          }
        }
        return map;
      });
    return (await this.byTracker).get(tracker);
  }
}

/**
 * Opens the postmortem issue of a tracker, labelled; not sent twice: after an answer lost, it is
 * looked up by its marker first.
 */
export async function openPostmortem(
  github: GitHubClient,
  repository: RepositoryId,
  postmortems: PostmortemIndex,
  tracker: number,
  issue: { title: string; body: string },
): Promise<{ number: number; url: string }> {
  const data = await createOnce<{
    number: number;
    html_url: string;
    labels: (LabelSeen | string)[];
  }>(
    async () =>
      (
        await github.rest.issues.create({
          ...repository,
          ...issue,
          labels: [POSTMORTEM_LABEL],
          ...NO_BLIND_RETRY,
        })
      ).data,
    async () => postmortems.find(tracker, { fresh: true }),
  );
  await colourNewLabels(github, repository, data.labels, [POSTMORTEM_LABEL]);
  return { number: data.number, url: data.html_url };
}
