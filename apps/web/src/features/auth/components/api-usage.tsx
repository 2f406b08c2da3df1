// The account page's Bitbucket API usage: calls made through Pail over the rolling hour against Bitbucket's limit.
import { useId } from 'react';
import { QueryErrorPanel } from '@/components/ui/query-error-panel';
import { RelativeTime } from '@/components/ui/relative-time';
import { LoadingAnnouncement, Skeleton } from '@/components/ui/skeleton';
import { useUsage } from '../api/get-usage';

const numberFormat = new Intl.NumberFormat('en');

export function ApiUsage() {
  const usage = useUsage();
  const labelId = useId();

  return (
    <section className="card account-section" aria-labelledby={labelId}>
      <h2 className="account-section__title" id={labelId}>
        Bitbucket API usage
      </h2>
      {usage.isPending ? (
        <>
          <LoadingAnnouncement>Loading your API usage…</LoadingAnnouncement>
          <Skeleton height="40px" className="usage__placeholder" />
        </>
      ) : usage.isError ? (
        <QueryErrorPanel
          error={usage.error}
          subject="your API usage"
          onRetry={() => void usage.refetch()}
          isRetrying={usage.isRefetching}
        />
      ) : (
        <UsageMeter {...usage.data} labelId={labelId} />
      )}
    </section>
  );
}

function UsageMeter({
  used,
  limit,
  windowSeconds,
  nearLimit,
  resetsAt,
  labelId,
}: {
  used: number;
  limit: number;
  windowSeconds: number;
  nearLimit: boolean;
  resetsAt: string | null;
  labelId: string;
}) {
  const window =
    windowSeconds === 3600 ? 'the last hour' : `the last ${describeWindow(windowSeconds)}`;
  const percent = limit > 0 ? Math.min(100, Math.round((used / limit) * 100)) : 0;
  const summary = `${numberFormat.format(used)} of ${numberFormat.format(limit)} calls`;

  return (
    <div className="usage">
      <p className="account-section__intro">
        Calls Pail made to Bitbucket for you over {window}. Bitbucket allows about{' '}
        {numberFormat.format(limit)} an hour; past that, pages stop loading until older calls leave
        the window.
      </p>
      <meter
        className="usage__meter"
        min={0}
        max={limit}
        low={limit * 0.5}
        high={limit * 0.8}
        optimum={0}
        value={Math.min(used, limit)}
        aria-labelledby={labelId}
        aria-valuetext={`${summary}, ${percent}%`}
      >
        {summary}
      </meter>
      <p className="usage__figures">
        <strong>{summary}</strong> <span className="text-subtle">({percent}%)</span>
        {resetsAt ? (
          <span className="text-subtle">
            {' '}
            · the oldest leaves the window <RelativeTime value={resetsAt} />
          </span>
        ) : null}
      </p>
      {nearLimit ? (
        <div className="usage__warning" role="status">
          <strong>You are close to Bitbucket’s hourly limit.</strong> When it is reached, Bitbucket
          refuses further calls for a while and pages will say when to try again.
        </div>
      ) : null}
    </div>
  );
}

function describeWindow(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} hours`;
  return `${Math.round(seconds / 60)} minutes`;
}
