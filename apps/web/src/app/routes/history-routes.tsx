// The repository's history, branches, tags and pull-request routes, nested under the repository layout.
import type { RouteObject } from 'react-router';
import { routePatterns } from '@/config/paths';

// These objects are shared by every router built from them (tests build one per render). React Router
// clears an object-form `lazy` entry in place once it has loaded, which would leave the next router with
// an empty route; the function form is only replaced on the router's own copy.
export const historyRoutes: RouteObject[] = [
  {
    path: routePatterns.commits,
    lazy: async () => ({ Component: (await import('./commits')).CommitsRoute }),
  },
  {
    path: routePatterns.commitsChild,
    lazy: async () => ({ Component: (await import('./commits')).CommitsRoute }),
  },
  {
    path: routePatterns.branches,
    lazy: async () => ({ Component: (await import('./branches')).BranchesRoute }),
  },
  {
    path: routePatterns.tags,
    lazy: async () => ({ Component: (await import('./tags')).TagsRoute }),
  },
  {
    path: routePatterns.pullRequests,
    lazy: async () => ({ Component: (await import('./pull-requests')).PullRequestsRoute }),
  },
  {
    path: routePatterns.pullRequest,
    lazy: async () => ({ Component: (await import('./pull-request')).PullRequestRoute }),
  },
];
