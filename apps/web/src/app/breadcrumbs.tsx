// Breadcrumbs built from the matched routes' `handle.crumb`: workspace / repository.
import { Link, useMatches } from 'react-router';
import type { Params } from 'react-router';

/** What a route puts in its `handle` to appear in the breadcrumbs. */
export interface Crumb {
  crumb: (params: Params) => { label: string; to: string };
}

function hasCrumb(handle: unknown): handle is Crumb {
  return (
    typeof handle === 'object' && handle !== null && typeof (handle as Crumb).crumb === 'function'
  );
}

export function Breadcrumbs() {
  const matches = useMatches();
  const crumbs = matches.flatMap((match) =>
    hasCrumb(match.handle) ? [match.handle.crumb(match.params)] : [],
  );
  if (crumbs.length === 0) return null;

  return (
    <nav className="breadcrumbs" aria-label="Breadcrumb">
      <ol>
        {crumbs.map((crumb, index) => {
          const isLast = index === crumbs.length - 1;
          return (
            <li key={crumb.to}>
              <Link to={crumb.to} aria-current={isLast ? 'page' : undefined}>
                {crumb.label}
              </Link>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
