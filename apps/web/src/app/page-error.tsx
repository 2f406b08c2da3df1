// What a page shows when its route throws: inside the frame, with a way forward (loaded with the first page).
import { Link, useRouteError } from 'react-router';
import { AlertIcon } from '@/components/ui/icons';
import { paths } from '@/config/paths';
import { usePageTitle } from '@/hooks/use-page-title';
import { describeRouteError } from './route-errors';

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
          <p>{describeRouteError(error)}</p>
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
