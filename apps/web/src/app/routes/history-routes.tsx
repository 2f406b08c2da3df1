// The repository's history, branches, tags and pull-request routes, nested under the repository layout.
import type { RouteObject } from 'react-router';

export const historyRoutes: RouteObject[] = [];
