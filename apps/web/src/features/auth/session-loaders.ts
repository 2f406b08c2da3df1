// Route loaders around the session: the guard for signed-in pages, and the sign-in page's bounce-back.
import { parseReturnTo } from '@pail/shared';
import type { QueryClient } from '@tanstack/react-query';
import { redirect } from 'react-router';
import type { LoaderFunctionArgs } from 'react-router';
import { paths } from '@/config/paths';
import { getSessionQueryOptions } from './api/get-session';

/** Signed-out visitors of any signed-in page go to `/login?returnTo=<that page>`. */
export function requireSessionLoader(queryClient: QueryClient) {
  return async ({ request }: LoaderFunctionArgs) => {
    const session = await queryClient.ensureQueryData(getSessionQueryOptions());
    if (!session) {
      const url = new URL(request.url);
      throw redirect(paths.login({ returnTo: url.pathname + url.search }));
    }
    return null;
  };
}

/** Someone already signed in who opens `/login` (without an error to read) goes where they were heading. */
export function signInPageLoader(queryClient: QueryClient) {
  return async ({ request }: LoaderFunctionArgs) => {
    const url = new URL(request.url);
    if (url.searchParams.has('error')) return null;
    let signedIn = false;
    try {
      signedIn = (await queryClient.ensureQueryData(getSessionQueryOptions())) !== null;
    } catch {
      // If the session cannot be checked, offering sign-in is the safe answer.
    }
    if (signedIn) throw redirect(parseReturnTo(url.searchParams.get('returnTo')) ?? paths.home());
    return null;
  };
}
