// The route tree (react-router data mode) and the wiring that sends an expired session to the sign-in page.
import type { QueryClient } from '@tanstack/react-query';
import { Outlet } from 'react-router';
import type { DataRouter, RouteObject } from 'react-router';
import { FullPageLoader } from '@/components/ui/full-page-loader';
import { paths, routePatterns } from '@/config/paths';
import { setUnauthenticatedHandler } from '@/lib/api-client';
import type { Crumb } from './breadcrumbs';
import { RootErrorBoundary } from './route-errors';
import { repositoryAliasRoutes, workspaceAliasRoutes } from './routes/bitbucket-aliases';
import { historyRoutes } from './routes/history-routes';

/** The query client, or how to load it: the entry holds neither react-query nor a page (decision 025). */
export type QueryClientSource = QueryClient | (() => Promise<QueryClient>);

function toLoader(source: QueryClientSource): () => Promise<QueryClient> {
  if (typeof source !== 'function') return () => Promise.resolve(source);
  let loading: Promise<QueryClient> | undefined;
  return () => (loading ??= source());
}

export function createAppRoutes(source: QueryClientSource): RouteObject[] {
  const loadQueryClient = toLoader(source);
  // Everything that needs react-query (the session guard, the header, every page) arrives with the first
  // route's code, fetched in parallel with the page itself, so the entry is React, the router and this tree.
  const sessionLoaders = async () => {
    const [loaders, queryClient] = await Promise.all([
      import('@/features/auth/session-loaders'),
      loadQueryClient(),
    ]);
    return { ...loaders, queryClient };
  };
  return [
    {
      id: 'root',
      HydrateFallback: FullPageLoader,
      ErrorBoundary: RootErrorBoundary,
      lazy: {
        Component: async () => {
          const [{ AppProvider }, queryClient] = await Promise.all([
            import('./provider'),
            loadQueryClient(),
          ]);
          return function QueryRoot() {
            return (
              <AppProvider queryClient={queryClient}>
                <Outlet />
              </AppProvider>
            );
          };
        },
      },
      children: [
        {
          path: routePatterns.login,
          lazy: {
            loader: async () => {
              const { signInPageLoader, queryClient } = await sessionLoaders();
              return signInPageLoader(queryClient);
            },
            Component: async () => (await import('./routes/login')).LoginRoute,
          },
        },
        {
          id: 'signed-in',
          // The guard only needs to run on entry; in-page URL changes (search, paging) keep the session.
          shouldRevalidate: ({ currentUrl, nextUrl }) => currentUrl.pathname !== nextUrl.pathname,
          lazy: {
            loader: async () => {
              const { requireSessionLoader, queryClient } = await sessionLoaders();
              return requireSessionLoader(queryClient);
            },
            Component: async () => (await import('./app-layout')).AppLayout,
          },
          children: [
            {
              lazy: {
                ErrorBoundary: async () => (await import('./page-error')).PageErrorBoundary,
              },
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
 * 401 handling at it: forget the session, then go to `/login?returnTo=<the page being opened, or else the
 * current one>&reason=session_ended`.
 */
export function createAppRouter(
  source: QueryClientSource,
  createRouter: (routes: RouteObject[]) => DataRouter,
): DataRouter {
  const loadQueryClient = toLoader(source);
  const router = createRouter(createAppRoutes(loadQueryClient));
  setUnauthenticatedHandler(() => {
    // Only API calls answer 401, and they are made by code that loaded the client: this resolves at once.
    void Promise.all([loadQueryClient(), import('@/features/auth/api/get-session')]).then(
      ([queryClient, { sessionQueryKey }]) => {
        queryClient.setQueryData(sessionQueryKey, null);
        // A hover or focus prefetch can meet the 401 while the click it preceded is still loading its
        // page: the user is returned to where they were going, not to where they clicked.
        const { pathname, search } = router.state.navigation.location ?? router.state.location;
        if (pathname === paths.login()) return;
        void router.navigate(
          paths.login({ returnTo: pathname + search, reason: 'session_ended' }),
          { replace: true },
        );
      },
    );
  });
  return router;
}
