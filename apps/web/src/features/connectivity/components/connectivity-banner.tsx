// The strip under the header saying when Bitbucket is slow, down or rate-limiting, and what Pail does about it.
import { useQueryClient } from '@tanstack/react-query';
import type { Query, QueryClient } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { FocusEvent, ReactNode } from 'react';
import { AlertIcon, ClockIcon, CloseIcon } from '@/components/ui/icons';
import { formatWait } from '@/components/ui/query-error-panel';
import { useCountdown } from '@/hooks/use-countdown';
import { isRateLimitedError } from '@/lib/api-client';
import { connectivity } from '@/lib/connectivity';
import type { ConnectivityState, OutageKind } from '@/lib/connectivity';
import { useConnectivity } from '../use-connectivity';
import './connectivity-banner.css';

const OUTAGE_TEXT: Record<OutageKind, string> = {
  bitbucket: 'Bitbucket is unavailable right now.',
  network: "Pail's server cannot be reached right now.",
  server: "Pail's server is having trouble right now.",
};

/**
 * Always in the page, so its polite live region exists before anything is said in it; empty when all is
 * well. It never takes focus: what it says is read out once, and reading the page goes on.
 */
export function ConnectivityBanner() {
  const state = useConnectivity();
  useRetryAfterRateLimit(state.rateLimit);
  const [dismissedEpisode, setDismissedEpisode] = useState<number>();
  const focusInside = useKeepFocusOnPage();

  let banner: ReactNode = null;
  if (state.rateLimit) {
    // A new wait is news: keyed by its end, the banner is said again, counting from the new figure.
    banner = (
      <RateLimitBanner key={`rate-limit-${state.rateLimit.until}`} rateLimit={state.rateLimit} />
    );
  } else if (state.outage && state.outage.episode !== dismissedEpisode) {
    const { episode, kind } = state.outage;
    banner = (
      <OutageBanner
        key={`outage-${episode}`}
        kind={kind}
        onDismiss={() => setDismissedEpisode(episode)}
      />
    );
  } else if (state.slow) {
    banner = (
      <Banner
        key="slow"
        tone="info"
        icon={<ClockIcon className="icon connectivity-banner__icon" />}
      >
        Bitbucket is slow to answer… Pail is still waiting.
      </Banner>
    );
  }

  return (
    <div
      className="connectivity"
      // A live region without the status role: pages keep `status` for their own loading messages.
      aria-live="polite"
      aria-atomic="false"
      {...focusInside}
    >
      {banner}
    </div>
  );
}

/**
 * Dismiss, or a Retry that worked, removes the button that had the focus; the next Tab would then start
 * at the top of the document. Focus goes to the page's content instead, as after following a link.
 */
function useKeepFocusOnPage() {
  const hadFocus = useRef(false);
  useLayoutEffect(() => {
    if (!hadFocus.current) return;
    const active = document.activeElement;
    if (active !== null && active !== document.body && active.isConnected) return;
    hadFocus.current = false;
    document.getElementById('main')?.focus({ preventScroll: true });
  });
  return {
    onFocus: () => {
      hadFocus.current = true;
    },
    onBlur: (event: FocusEvent) => {
      // Focus moved on to something else on purpose; a removed button gives no such target.
      if (event.relatedTarget !== null) hadFocus.current = false;
    },
  };
}

function OutageBanner({ kind, onDismiss }: { kind: OutageKind; onDismiss: () => void }) {
  const queryClient = useQueryClient();
  const [retrying, setRetrying] = useState(false);
  const retry = () => {
    if (retrying) return;
    setRetrying(true);
    // What failed on screen is asked again; when nothing did (the failure was a prefetch), what is on
    // screen is, so Retry always finds out whether it is back.
    void refetchFailed(queryClient, (query) => query.state.status === 'error')
      .then((any) => (any ? undefined : queryClient.refetchQueries({ type: 'active' })))
      .finally(() => setRetrying(false));
  };
  return (
    <Banner
      tone="warning"
      icon={<AlertIcon className="icon connectivity-banner__icon" />}
      actions={
        <>
          <button
            type="button"
            className="button button--small"
            onClick={retry}
            disabled={retrying}
          >
            {retrying ? 'Retrying…' : 'Retry'}
          </button>
          <button
            type="button"
            className="button button--small button--subtle connectivity-banner__dismiss"
            onClick={onDismiss}
            aria-label="Dismiss"
            title="Dismiss"
          >
            <CloseIcon />
          </button>
        </>
      }
    >
      {OUTAGE_TEXT[kind]} Showing what Pail already loaded.
    </Banner>
  );
}

function RateLimitBanner({
  rateLimit,
}: {
  rateLimit: NonNullable<ConnectivityState['rateLimit']>;
}) {
  // Counted from the wait's end, not from Retry-After: the 429 may have come before this page showed.
  const [seconds] = useState(() => Math.max(0, Math.ceil((rateLimit.until - Date.now()) / 1000)));
  const remaining = useCountdown(seconds, rateLimit.until);
  const waiting = remaining !== undefined && remaining > 0;
  return (
    <Banner tone="warning" icon={<ClockIcon className="icon connectivity-banner__icon" />}>
      {rateLimit.from === 'bitbucket'
        ? "Bitbucket's rate limit was reached."
        : 'Pail received too many requests from you.'}{' '}
      {waiting ? (
        // A timer is not read out on every tick; the sentence is read once when the banner appears.
        <span role="timer">Retrying in {formatWait(remaining)}.</span>
      ) : (
        'Retrying now…'
      )}
    </Banner>
  );
}

function Banner({
  tone,
  icon,
  actions,
  children,
}: {
  tone: 'info' | 'warning';
  icon: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className={`connectivity-banner connectivity-banner--${tone}`}>
      <div className="connectivity-banner__inner">
        {icon}
        <p className="connectivity-banner__text">{children}</p>
        {actions ? <div className="connectivity-banner__actions">{actions}</div> : null}
      </div>
    </div>
  );
}

/**
 * When a rate limit's wait is over, asks again — once — for what it stopped: the queries on screen that
 * failed with a 429. A new 429 starts a new wait (and one more try after it); success ends the banner.
 */
function useRetryAfterRateLimit(rateLimit: ConnectivityState['rateLimit']) {
  const queryClient = useQueryClient();
  const until = rateLimit?.until;
  useEffect(() => {
    if (until === undefined) return;
    const timer = setTimeout(
      () => {
        void refetchFailed(
          queryClient,
          (query) => query.state.status === 'error' && isRateLimitedError(query.state.error),
        ).finally(() => connectivity.rateLimitRetried(until));
      },
      Math.max(0, until - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [queryClient, until]);
}

/** Refetches the queries on screen that are in `failed` state; true when there were any. */
async function refetchFailed(
  queryClient: QueryClient,
  failed: (query: Query) => boolean,
): Promise<boolean> {
  const any = queryClient.getQueryCache().findAll({ type: 'active', predicate: failed }).length > 0;
  if (any) await queryClient.refetchQueries({ type: 'active', predicate: failed });
  return any;
}
