// Explains a failed call in plain words (missing scope, not found, rate limit, outage) and offers a retry.
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { bffPaths, paths } from '@/config/paths';
import { useCountdown } from '@/hooks/use-countdown';
import { isApiError } from '@/lib/api-client';
import { AlertIcon } from './icons';
import './panel.css';

interface QueryErrorPanelProps {
  error: unknown;
  /** What was being loaded, for the sentences: "repositories", "this workspace". */
  subject: string;
  onRetry?: () => void;
  isRetrying?: boolean;
  /** Shown on a 404 instead of the generic text. */
  notFound?: { title: string; description: ReactNode };
}

export function QueryErrorPanel({
  error,
  subject,
  onRetry,
  isRetrying,
  notFound,
}: QueryErrorPanelProps) {
  const location = useLocation();
  const retryAfter = useCountdown(isApiError(error) ? error.retryAfterSeconds : undefined, error);
  const retry = onRetry ? (
    <button type="button" className="button" onClick={onRetry} disabled={isRetrying}>
      {isRetrying ? 'Retrying…' : 'Retry'}
    </button>
  ) : null;

  if (!isApiError(error)) {
    return (
      <Panel title={`Could not load ${subject}`} actions={retry}>
        <p>
          Something unexpected went wrong. Try again, and reload the page if it keeps happening.
        </p>
      </Panel>
    );
  }

  if (error.status === 401) {
    return (
      <Panel title="Your session has ended" tone="info">
        <p>Taking you to the sign-in page…</p>
      </Panel>
    );
  }

  if (error.code === 'missing_scope' && error.requiredScopes?.length) {
    const required = error.requiredScopes;
    const signInAgain = bffPaths.login(location.pathname + location.search);
    return (
      <Panel
        title="Pail needs more access to Bitbucket"
        tone="warning"
        actions={
          <a className="button" href={signInAgain}>
            Sign in again
          </a>
        }
      >
        <p>
          Loading {subject} needs the Bitbucket {plural(required.length, 'permission')}{' '}
          {required.map((scope, index) => (
            <span key={scope}>
              {index > 0 ? ', ' : ''}
              <code>{scope}</code>
            </span>
          ))}
          , which this sign-in was not granted.
        </p>
        {error.grantedScopes ? (
          <p className="panel__hint">
            Granted now:{' '}
            {error.grantedScopes.length > 0 ? error.grantedScopes.join(', ') : 'nothing'}. Ask
            whoever manages Pail&apos;s Bitbucket OAuth consumer to add{' '}
            {required.map((scope) => `“${scope}”`).join(', ')}, then sign in again.
          </p>
        ) : null}
      </Panel>
    );
  }

  if (error.status === 404) {
    return (
      <Panel
        title={notFound?.title ?? 'Not found'}
        tone="info"
        actions={
          <Link className="button" to={paths.home()}>
            Go to your workspaces
          </Link>
        }
      >
        {notFound ? (
          <p>{notFound.description}</p>
        ) : (
          <p>It does not exist, or you do not have access to it.</p>
        )}
      </Panel>
    );
  }

  if (error.status === 429) {
    return (
      <Panel title="Bitbucket's rate limit was reached" tone="warning" actions={retry}>
        <p>
          Bitbucket allows a limited number of requests per hour.{' '}
          {retryAfter !== undefined && retryAfter > 0
            ? `Try again in ${retryAfter} s.`
            : 'Try again in a moment.'}
        </p>
      </Panel>
    );
  }

  if (error.status === 403) {
    return (
      <Panel title={`You do not have access to ${subject}`} tone="warning">
        <p>{error.message}</p>
      </Panel>
    );
  }

  if (error.status === 0) {
    return (
      <Panel title="Pail's server could not be reached" actions={retry}>
        <p>Check your connection, then try again.</p>
      </Panel>
    );
  }

  return (
    <Panel title={`Could not load ${subject}`} actions={retry}>
      <p>{error.message}</p>
      {error.detail ? <p className="panel__hint">{error.detail}</p> : null}
    </Panel>
  );
}

function Panel({
  title,
  tone = 'danger',
  actions,
  children,
}: {
  title: string;
  tone?: 'danger' | 'warning' | 'info';
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className={`panel panel--${tone}`} role="alert" aria-label={title}>
      <AlertIcon className="icon panel__icon" />
      <div className="panel__body">
        <h2 className="panel__title">{title}</h2>
        {children}
        {actions ? <div className="panel__actions">{actions}</div> : null}
      </div>
    </section>
  );
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
