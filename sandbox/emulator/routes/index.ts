import type { Route } from '../http.js';
import { gitDataRoutes } from './git-data.js';
import { repoRoutes } from './repos.js';

/** Every route the emulator serves; all are under `/repos/{owner}/{repo}`. */
export const allRoutes: Route[] = [...gitDataRoutes, ...repoRoutes];
