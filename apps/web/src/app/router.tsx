// The route tree (react-router data mode) and the wiring that sends an expired session to the sign-in page.
import type { QueryClient } from '@tanstack/react-query';
import type { DataRouter, RouteObject } from 'react-router';
import { FullPageLoader } from '@/components/ui/full-page-loader';
import { paths, routePatterns } from '@/config/paths';
import { setUnauthenticatedHandler } from '@/lib/api-client';
import { sessionQueryKey } from '@/features/auth/api/get-session';
import { requireSessionLoader, signInPageLoader } from '@/features/auth/session-loaders';
import { AppLayout } from './app-layout';
import type { Crumb } from './breadcrumbs';
import { PageErrorBoundary, RootErrorBoundary } from './route-errors';
import { repositoryAliasRoutes, workspaceAliasRoutes } from './routes/bitbucket-aliases';
import { historyRoutes } from './routes/history-routes';

export function createAppRoutes(queryClient: QueryClient): RouteObject[] {
  return [
    {
      id: 'root',
      HydrateFallback: FullPageLoader,
      ErrorBoundary: RootErrorBoundary,
      children: [
        {
          path: routePatterns.login,
          loader: signInPageLoader(queryClient),
          lazy: { Component: async () => (await import('./routes/login')).LoginRoute },
        },
        {
          id: 'signed-in',
          loader: requireSessionLoader(queryClient),
          // The guard only needs to run on entry; in-page URL changes (search, paging) keep the session.
          shouldRevalidate: ({ currentUrl, nextUrl }) => currentUrl.pathname !== nextUrl.pathname,
          Component: AppLayout,
          children: [
            {
              ErrorBoundary: PageErrorBoundary,
              children: [
                {
                  index: true,
                  lazy: { Component: async () => (await import('./routes/home')).HomeRoute },
                },
                {
                  path: routePatterns.account,
                  lazy: { Component: async () => (await import('./routes/account')).AccountRoute },
                },
                {
                  path: routePatterns.workspace,
                  handle: {
                    crumb: ({ workspace = '' }) => ({
                      label: workspace,
                      to: paths.workspace(workspace),
                    }),
                  } satisfies Crumb,
                  children: [
                    {
                      index: true,
                      lazy: {
                        Component: async () => (await import('./routes/workspace')).WorkspaceRoute,
                      },
                    },
                    {
                      path: routePatterns.repository,
                      handle: {
                        crumb: ({ workspace = '', repo = '' }) => ({
                          label: repo,
                          to: paths.repository(workspace, repo),
                        }),
                      } satisfies Crumb,
                      lazy: {
                        Component: async () =>
                          (await import('./routes/repository-layout')).RepositoryLayoutRoute,
                      },
                      children: [
                        {
                          index: true,
                          lazy: {
                            Component: async () =>
                              (await import('./routes/repository')).RepositoryRoute,
                          },
                        },
                        {
                          path: routePatterns.source,
                          lazy: {
                            Component: async () => (await import('./routes/source')).SourceRoute,
                          },
                        },
                        ...historyRoutes,
                        ...repositoryAliasRoutes,
                      ],
                    },
                    ...workspaceAliasRoutes,
                  ],
                },
                {
                  path: '*',
                  lazy: {
                    Component: async () => (await import('./routes/not-found')).NotFoundRoute,
                  },
                },
              ],
            },
          ],
        },
      ],
    },
  ];
}

/**
 * Builds the router from `createRouter` (browser in the app, memory in tests) and points the API client's
 * 401 handling at it: forget the session, then go to `/login?returnTo=<the current page>&reason=session_ended`.
 */
export function createAppRouter(
  queryClient: QueryClient,
  createRouter: (routes: RouteObject[]) => DataRouter,
): DataRouter {
  const router = createRouter(createAppRoutes(queryClient));
  setUnauthenticatedHandler(() => {
    queryClient.setQueryData(sessionQueryKey, null);
    const { pathname, search } = router.state.location;
    if (pathname === paths.login()) return;
    void router.navigate(paths.login({ returnTo: pathname + search, reason: 'session_ended' }), {
      replace: true,
    });
  });
  return router;
}
