// What a route shows when it throws: inside the frame for a page, full-screen when the app itself fails.
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { AlertIcon } from '@/components/ui/icons';
import { PailMark } from '@/components/ui/pail-mark';
import { paths } from '@/config/paths';
import { usePageTitle } from '@/hooks/use-page-title';
import { isApiError } from '@/lib/api-client';

function describe(error: unknown): string {
  if (isApiError(error)) return error.message;
  if (isRouteErrorResponse(error)) return `${error.status} ${error.statusText}`;
  return 'An unexpected error stopped this page from loading.';
}

/** A page failed: keep the header, offer a way forward. */
export function PageErrorBoundary() {
  const error = useRouteError();
  usePageTitle('Something went wrong');
  return (
    <div className="page page--narrow">
      <section className="panel panel--danger" role="alert" aria-label="Something went wrong">
        <AlertIcon className="icon panel__icon" />
        <div className="panel__body">
          <h1 className="panel__title">Something went wrong</h1>
          <p>{describe(error)}</p>
          <div className="panel__actions">
            <button type="button" className="button" onClick={() => window.location.reload()}>
              Reload the page
            </button>
            <Link className="button button--subtle" to={paths.home()}>
              Go to your workspaces
            </Link>
          </div>
        </div>
      </section>
    </div>
  );
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
            : describe(error)}
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
