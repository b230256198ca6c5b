/** Issues the suite opens (the tracking issue, the postmortem): opened once, whatever the faults. */
import type { GitHubClient, RepositoryId } from './client.js';
import { createOnce, NO_BLIND_RETRY } from './create-once.js';
import type { LabelSeen } from './labels.js';

export interface IssueSeen {
  number: number;
  url: string;
  labels: (LabelSeen | string)[];
}

/** Not sent twice: after an answer lost, `find` looks the issue up (by its marker) first. */
export async function openIssueOnce(
  github: GitHubClient,
  repository: RepositoryId,
  issue: { title: string; body: string; labels: string[] },
  find: () => Promise<IssueSeen | undefined>,
): Promise<IssueSeen> {
  return createOnce(async () => {
    const { data } = await github.rest.issues.create({
      ...repository,
      ...issue,
      ...NO_BLIND_RETRY,
    });
    return { number: data.number, url: data.html_url, labels: data.labels };
  }, find);
}
