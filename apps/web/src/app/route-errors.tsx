// What the app shows when it cannot start (full-screen), and how any route's error is put into words.
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { PailMark } from '@/components/ui/pail-mark';
import { usePageTitle } from '@/hooks/use-page-title';
import { isApiError } from '@/lib/api-client';

/**
 * A page's code could not be downloaded: the connection dropped, or Pail was updated and the old files are
 * gone. Browsers word it differently (Chromium, Firefox, Safari; Vite for a page's stylesheet).
 */
export function isCodeLoadError(error: unknown): boolean {
  return (
    error instanceof Error &&
    /dynamically imported module|Importing a module script failed|Unable to preload CSS/i.test(
      error.message,
    )
  );
}

export function describeRouteError(error: unknown): string {
  if (isApiError(error)) return error.message;
  if (isCodeLoadError(error)) {
    return 'Part of Pail could not be downloaded: the connection may have dropped, or Pail was just updated. Reload the page to continue.';
  }
  if (isRouteErrorResponse(error)) return `${error.status} ${error.statusText}`;
  return 'An unexpected error stopped this page from loading.';
}

/** Pail could not start (e.g. the session check failed): a standalone screen. */
export function RootErrorBoundary() {
  const error = useRouteError();
  usePageTitle('Something went wrong');
  const unreachable = isApiError(error) && (error.status === 0 || error.status >= 500);
  return (
    <main className="standalone">
      <div className="standalone__card">
        <PailMark size={40} />
        <h1 className="standalone__title">
          {unreachable ? 'Pail is not responding' : 'Something went wrong'}
        </h1>
        <p className="standalone__text">
          {unreachable
            ? 'Pail could not check whether you are signed in. Its server may be restarting: try again in a moment.'
            : describeRouteError(error)}
        </p>
        <button
          type="button"
          className="button button--primary"
          onClick={() => window.location.reload()}
        >
          Try again
        </button>
      </div>
    </main>
  );
}
