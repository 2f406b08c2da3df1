// Renders the whole app (real routes, loaders and providers) at a URL, on a memory router and a fresh cache.
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AppProvider } from '@/app/provider';
import { createAppRouter } from '@/app/router';
import { createQueryClient } from '@/lib/query-client';

export function renderApp(url: string) {
  const queryClient = createQueryClient({ retry: false });
  const router = createAppRouter(queryClient, (routes) =>
    createMemoryRouter(routes, { initialEntries: [url] }),
  );
  const user = userEvent.setup();
  const result = render(
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return {
    ...result,
    user,
    router,
    queryClient,
    /** Where the app is now: path, search and hash. */
    currentUrl: () => {
      const { pathname, search, hash } = router.state.location;
      return `${pathname}${search}${hash}`;
    },
    currentSearchParams: () => new URLSearchParams(router.state.location.search),
  };
}
