// Explains a failed call in plain words (missing scope, not found, rate limit, outage) and offers a retry.
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { bffPaths, paths } from '@/config/paths';
import { useCountdown } from '@/hooks/use-countdown';
import {
  isApiError,
  isGranularScope,
  isMissingScopeError,
  isRateLimitedError,
} from '@/lib/api-client';
import type { ApiError } from '@/lib/api-client';
import { AlertIcon } from './icons';
import './panel.css';
import './query-error-panel.css';

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

  if (isMissingScopeError(error)) {
    const required = error.requiredScopes;
    const granted = error.grantedScopes;
    // Bitbucket names the scope in the vocabulary of the credential: granular for API tokens.
    const apiToken = required.every(isGranularScope);
    const returnTo = location.pathname + location.search;
    return (
      <Panel
        title="Pail needs more access to Bitbucket"
        tone="warning"
        actions={
          apiToken ? (
            <Link className="button" to={paths.account()}>
              See what this sign-in can do
            </Link>
          ) : (
            <a className="button" href={bffPaths.login(returnTo)}>
              Sign in again
            </a>
          )
        }
      >
        <p>
          Loading {subject} needs the Bitbucket {plural(required.length, 'permission')}{' '}
          <ScopeList scopes={required} />, which this sign-in was not granted.
        </p>
        {granted ? (
          <p className="panel__hint">
            Granted now: {granted.length > 0 ? <ScopeList scopes={granted} /> : 'nothing'}.{' '}
            {apiToken ? (
              <>
                Create a new API token in your Atlassian account settings (Security → API tokens)
                that includes <ScopeList scopes={required} quoted />, then sign out and sign in with
                it.
              </>
            ) : (
              <>
                Ask whoever manages Pail&apos;s Bitbucket OAuth consumer to add{' '}
                <ScopeList scopes={required} quoted />, then sign in again.
              </>
            )}
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

  if (isRateLimitedError(error)) {
    return <RateLimitedPanel error={error} onRetry={onRetry} isRetrying={isRetrying} />;
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

/** Counts `Retry-After` down to zero, then offers the retry. */
function RateLimitedPanel({
  error,
  onRetry,
  isRetrying,
}: {
  error: ApiError;
  onRetry?: () => void;
  isRetrying?: boolean;
}) {
  const remaining = useCountdown(error.retryAfterSeconds, error);
  const waiting = remaining !== undefined && remaining > 0;
  const fromBitbucket = error.source === 'bitbucket';
  return (
    <Panel
      title={fromBitbucket ? "Bitbucket's rate limit was reached" : 'Too many requests'}
      tone="warning"
      actions={
        onRetry && !waiting ? (
          <button type="button" className="button" onClick={onRetry} disabled={isRetrying}>
            {isRetrying ? 'Retrying…' : 'Retry'}
          </button>
        ) : null
      }
    >
      <p>
        {fromBitbucket
          ? 'Bitbucket allows a limited number of requests per hour.'
          : 'Pail received too many requests from you in a short time.'}{' '}
        {waiting ? (
          // A timer is not read out on every tick; the sentence is read once when the panel appears.
          <span role="timer">Try again in {formatWait(remaining)}.</span>
        ) : remaining === 0 ? (
          'You can try again now.'
        ) : (
          'Try again in a moment.'
        )}
      </p>
    </Panel>
  );
}

/** "42 s", "1 min 05 s", "1 h 02 min": how long until a retry. */
export function formatWait(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds));
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) {
    const minutes = Math.floor(whole / 60);
    return `${minutes} min ${String(whole % 60).padStart(2, '0')} s`;
  }
  const hours = Math.floor(whole / 3600);
  return `${hours} h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')} min`;
}

function ScopeList({ scopes, quoted = false }: { scopes: string[]; quoted?: boolean }) {
  return (
    <>
      {scopes.map((scope, index) => (
        <span key={scope}>
          {index > 0 ? ', ' : ''}
          {quoted ? '“' : null}
          <code className="scope-name">{scope}</code>
          {quoted ? '”' : null}
        </span>
      ))}
    </>
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
