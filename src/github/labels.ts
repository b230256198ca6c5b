/**
 * The hotfix's labels, with their colours. Labels are put on issues and pull requests by name:
 * GitHub creates a missing one on first use, grey (`ededed`) and without a description. Rather
 * than listing the repository's labels on every run (one more call in an emergency), the labels
 * an issue or pull request comes back with are checked, and a hotfix label that is still grey
 * and undescribed, i.e. that GitHub has just created, gets its colour: one call per label, once
 * per repository. Every run that reads the tracker checks its labels again, so a colouring that
 * failed once is done by the next run.
 */
import { annotateWarning } from '../runner/commands.js';
import type { RepositoryId } from './client.js';
import type { GitHubClient } from './client.js';

export const SLA_BREACHED_LABEL = 'sla-breached';
export const POSTMORTEM_LABEL = 'postmortem';
/** On the pull request that carries a hotfix's fix to the default branch. */
export const FORWARD_PORT_LABEL = 'forward-port';
/** On a forward-port that GitHub could not merge: a person resolves the named files. */
export const CONFLICT_LABEL = 'merge-conflict';

/** GitHub's colour for a label it creates implicitly. */
const IMPLICIT_COLOR = 'ededed';

const STYLES: Record<string, { color: string; description: string }> = {
  urgent: { color: 'b60205', description: 'Emergency production fix: review within 15 minutes' },
  hotfix: { color: 'd93f0b', description: 'Emergency production hotfix (Hotfix Actions)' },
  [SLA_BREACHED_LABEL]: { color: 'fbca04', description: "A hotfix missed its severity's target" },
  [POSTMORTEM_LABEL]: { color: '5319e7', description: 'Post-incident review of a hotfix' },
  [FORWARD_PORT_LABEL]: { color: '0e8a16', description: "A hotfix's fix carried to main" },
  [CONFLICT_LABEL]: { color: 'e99695', description: 'Conflicts for a person to resolve' },
};

/** The colour and description a hotfix label gets (configured names other than ours: red). */
export function labelStyle(name: string): { color: string; description: string } {
  return (
    STYLES[name.toLowerCase()] ?? {
      color: 'b60205',
      description: 'Emergency production hotfix (Hotfix Actions)',
    }
  );
}

export interface LabelSeen {
  name?: string;
  color?: string | null;
  description?: string | null;
}

/**
 * Colours the labels among `ours` that GitHub created implicitly (grey, no description), as an
 * issue or pull request returned them. Returns the names it coloured.
 */
export async function colourNewLabels(
  github: GitHubClient,
  repository: RepositoryId,
  seen: readonly (LabelSeen | string)[],
  ours: readonly string[],
): Promise<string[]> {
  const wanted = new Set(ours.map((name) => name.toLowerCase()));
  const fresh = seen.filter(
    (label): label is LabelSeen =>
      typeof label !== 'string' &&
      label.name !== undefined &&
      wanted.has(label.name.toLowerCase()) &&
      label.color?.toLowerCase() === IMPLICIT_COLOR &&
      !label.description,
  );
  const names = fresh.map((label) => label.name ?? '');
  const coloured = await Promise.all(
    names.map((name) =>
      github.rest.issues.updateLabel({ ...repository, name, ...labelStyle(name) }).then(
        () => name,
        (error: unknown) => {
          // A colour is cosmetic: the step goes on, and the next run that sees the label grey
          // colours it.
          annotateWarning(
            `Could not colour the label '${name}' (${error instanceof Error ? error.message : String(error)}); a later run will.`,
          );
          return undefined;
        },
      ),
    ),
  );
  return coloured.filter((name): name is string => name !== undefined);
}
