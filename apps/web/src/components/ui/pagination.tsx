// Previous / "Page N of M" / Next, as links so every page has its own URL.
import { Link } from 'react-router';
import type { To } from 'react-router';
import './pagination.css';

interface PaginationProps {
  page: number;
  /** Unknown when the API does not report a total. */
  pageCount?: number | undefined;
  hasPrevious: boolean;
  hasNext: boolean;
  /** Where each page lives, e.g. the same path with `?page=N`. */
  linkTo: (page: number) => To;
  label: string;
}

export function Pagination({
  page,
  pageCount,
  hasPrevious,
  hasNext,
  linkTo,
  label,
}: PaginationProps) {
  return (
    <nav className="pagination" aria-label={label}>
      <PageLink to={hasPrevious ? linkTo(page - 1) : undefined} rel="prev">
        ← Previous
      </PageLink>
      <span className="pagination__status" aria-live="polite">
        {pageCount ? `Page ${page} of ${pageCount}` : `Page ${page}`}
      </span>
      <PageLink to={hasNext ? linkTo(page + 1) : undefined} rel="next">
        Next →
      </PageLink>
    </nav>
  );
}

function PageLink({
  to,
  rel,
  children,
}: {
  to: To | undefined;
  rel: 'prev' | 'next';
  children: string;
}) {
  const name = rel === 'prev' ? 'Previous' : 'Next';
  if (!to) {
    return (
      <span className="button button--small is-disabled" aria-disabled="true">
        <span aria-hidden="true">{children}</span>
        <span className="visually-hidden">{name} page (none)</span>
      </span>
    );
  }
  return (
    <Link className="button button--small" to={to} rel={rel} aria-label={`${name} page`}>
      <span aria-hidden="true">{children}</span>
    </Link>
  );
}
