// The account page's active sessions: each browser signed in as this user, ending one, or all of them.
import type { SessionSummary } from '@pail/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Badge } from '@/components/ui/badge';
import { QueryErrorPanel } from '@/components/ui/query-error-panel';
import { RelativeTime } from '@/components/ui/relative-time';
import { LoadingAnnouncement, Skeleton } from '@/components/ui/skeleton';
import { paths } from '@/config/paths';
import { sessionQueryKey } from '../api/get-session';
import { useSessions } from '../api/list-sessions';
import { useSignOutEverywhere } from '../api/sign-out-everywhere';
import { useSignOutSession } from '../api/sign-out-session';
import { SignOutButton } from './sign-out-button';

const METHODS = { oauth: 'Bitbucket (OAuth)', token: 'API token' } as const;

export function ActiveSessions() {
  const sessions = useSessions();

  return (
    <section className="card account-section" aria-labelledby="account-sessions">
      <h2 className="account-section__title" id="account-sessions">
        Active sessions
      </h2>
      <p className="account-section__intro">
        Browsers signed in to Pail as you. Sign out any you do not recognise.
      </p>
      {sessions.isPending ? (
        <>
          <LoadingAnnouncement>Loading your sessions…</LoadingAnnouncement>
          <Skeleton height="56px" className="sessions__placeholder" />
        </>
      ) : sessions.isError ? (
        <QueryErrorPanel
          error={sessions.error}
          subject="your sessions"
          onRetry={() => void sessions.refetch()}
          isRetrying={sessions.isRefetching}
        />
      ) : (
        <>
          <ul className="sessions" aria-label="Active sessions">
            {sessions.data.map((session) => (
              <SessionRow key={session.id} session={session} />
            ))}
          </ul>
          <SignOutEverywhere />
        </>
      )}
    </section>
  );
}

function SessionRow({ session }: { session: SessionSummary }) {
  const titleId = useId();
  const signOut = useSignOutSession();

  return (
    <li className="session" aria-labelledby={titleId}>
      <div className="session__main">
        <p className="session__title">
          <span id={titleId}>{session.browser}</span>
          {session.current ? <Badge tone="brand">This browser</Badge> : null}
        </p>
        <p className="session__meta">
          {METHODS[session.authMethod]} · signed in <RelativeTime value={session.createdAt} /> ·
          last used <RelativeTime value={session.lastUsedAt} />
        </p>
      </div>
      <div className="session__actions">
        {session.current ? (
          <SignOutButton variant="default" />
        ) : (
          <>
            <button
              type="button"
              className="button button--small"
              aria-describedby={titleId}
              disabled={signOut.isPending}
              onClick={() => {
                if (!signOut.isPending) signOut.mutate(session.id);
              }}
            >
              {signOut.isPending ? 'Signing out…' : 'Sign out'}
            </button>
            {signOut.isError ? (
              <span className="session__error" role="alert">
                Could not sign out that session. Try again.
              </span>
            ) : null}
          </>
        )}
      </div>
    </li>
  );
}

function SignOutEverywhere() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const headingId = useId();
  const signOutEverywhere = useSignOutEverywhere({
    onSuccess: async () => {
      queryClient.setQueryData(sessionQueryKey, null);
      await navigate(paths.login(), { replace: true });
    },
  });

  const asked = useRef(false);

  // Focus follows the question: onto "Sign out everywhere" when asked, back to the opener on Cancel.
  useEffect(() => {
    if (confirming) {
      asked.current = true;
      confirmRef.current?.focus();
    } else if (asked.current) {
      openerRef.current?.focus();
    }
  }, [confirming]);

  if (!confirming) {
    return (
      <div className="sessions__everywhere">
        <button
          ref={openerRef}
          type="button"
          className="button"
          onClick={() => setConfirming(true)}
        >
          Sign out everywhere…
        </button>
      </div>
    );
  }

  return (
    <div className="sessions__confirm" role="group" aria-labelledby={headingId}>
      <p className="sessions__confirm-title" id={headingId}>
        Sign out of Pail in every browser, this one included?
      </p>
      <p className="text-subtle">
        Every session listed here ends at once. Anyone using them, you included, must sign in again.
      </p>
      <div className="sessions__confirm-actions">
        <button
          ref={confirmRef}
          type="button"
          className="button button--danger"
          disabled={signOutEverywhere.isPending}
          onClick={() => {
            if (!signOutEverywhere.isPending) signOutEverywhere.mutate();
          }}
        >
          {signOutEverywhere.isPending ? 'Signing out…' : 'Sign out everywhere'}
        </button>
        <button
          type="button"
          className="button button--subtle"
          disabled={signOutEverywhere.isPending}
          onClick={() => setConfirming(false)}
        >
          Cancel
        </button>
      </div>
      {signOutEverywhere.isError ? (
        <p className="session__error" role="alert">
          Could not sign out everywhere. Try again.
        </p>
      ) : null}
    </div>
  );
}
