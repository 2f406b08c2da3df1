// Any address Pail has no page for.
import { Link } from 'react-router';
import { paths } from '@/config/paths';
import { usePageTitle } from '@/hooks/use-page-title';

export function NotFoundRoute() {
  usePageTitle('Page not found');
  return (
    <div className="page page--narrow not-found">
      <p className="not-found__code" aria-hidden="true">
        404
      </p>
      <h1 className="not-found__title">This page does not exist</h1>
      <p className="not-found__text">
        The address may be mistyped, or this part of Bitbucket is not in Pail yet.
      </p>
      <Link className="button button--primary" to={paths.home()}>
        Go to your workspaces
      </Link>
    </div>
  );
}
