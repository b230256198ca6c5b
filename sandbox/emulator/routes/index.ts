import type { Route } from '../http.js';
import { actionRoutes } from './actions.js';
import { deploymentRoutes } from './deployments.js';
import { gitDataRoutes } from './git-data.js';
import { issueRoutes } from './issues.js';
import { pullRoutes } from './pulls.js';
import { releaseRoutes } from './releases.js';
import { repoRoutes } from './repos.js';

/** Every route the emulator serves; all are under `/repos/{owner}/{repo}`. */
export const allRoutes: Route[] = [
  ...gitDataRoutes,
  ...repoRoutes,
  ...pullRoutes,
  ...issueRoutes,
  ...releaseRoutes,
  ...deploymentRoutes,
  ...actionRoutes,
];
