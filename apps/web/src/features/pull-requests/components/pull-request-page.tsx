// /{ws}/{repo}/pull-requests/{id}[/diff|/overview…]: a pull request — description, reviewers, participants — and its changes.
import type { Participant, PullRequest } from '@pail/shared/bitbucket';
import { useEffect, useRef } from 'react';
import { ChangesView } from '@/components/diff/changes-view';
import { MarkdownView } from '@/components/markdown/markdown-view';
import type { MarkdownUrlKind } from '@/components/markdown/markdown-view';
import { Avatar } from '@/components/ui/avatar';
import { Badge } from '@/components/ui/badge';
import { QueryErrorPanel } from '@/components/ui/query-error-panel';
import { RelativeTime } from '@/components/ui/relative-time';
import { LoadingAnnouncement, Skeleton } from '@/components/ui/skeleton';
import { paths } from '@/config/paths';
import { usePageTitle } from '@/hooks/use-page-title';
import { isApiError } from '@/lib/api-client';
import { usePullRequest } from '../api/get-pull-request';
import { usePullRequestDiff } from '../api/get-pull-request-diff';
import { usePullRequestDiffstat } from '../api/get-pull-request-diffstat';
import { BranchFlow, PullRequestStateBadge } from './pull-request-labels';
import './pull-requests.css';

interface PullRequestPageProps {
  workspace: string;
  repo: string;
  id: number;
  /** The bitbucket.org sub-page asked for; `diff` brings the changes into view. */
  section?: 'overview' | 'diff';
}

export function PullRequestPage({
  workspace,
  repo,
  id,
  section = 'overview',
}: PullRequestPageProps) {
  const query = usePullRequest(workspace, repo, id);
  const notFound = isApiError(query.error) && query.error.status === 404;
  usePageTitle(
    notFound
      ? 'Pull request not found'
      : `${query.data?.title ?? `Pull request #${id}`} · ${workspace}/${repo}`,
  );

  if (query.isPending) return <PullRequestSkeleton />;
  if (query.isLoadingError) {
    return (
      <QueryErrorPanel
        error={query.error}
        subject="this pull request"
        onRetry={() => void query.refetch()}
        isRetrying={query.isRefetching}
        notFound={{
          title: 'Pull request not found',
          description: `There is no pull request #${id} in ${workspace}/${repo}, or you do not have access to it.`,
        }}
      />
    );
  }
  return (
    <PullRequestDetail
      workspace={workspace}
      repo={repo}
      pullRequest={query.data}
      id={id}
      section={section}
    />
  );
}

function PullRequestDetail({
  workspace,
  repo,
  id,
  pullRequest,
  section,
}: {
  workspace: string;
  repo: string;
  id: number;
  pullRequest: PullRequest;
  section: 'overview' | 'diff';
}) {
  const sourceCommit = pullRequest.source?.commit?.hash;
  const diffstat = usePullRequestDiffstat(workspace, repo, id, sourceCommit);
  const diff = usePullRequestDiff(workspace, repo, id, sourceCommit);
  const changesRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (section === 'diff') changesRef.current?.scrollIntoView?.({ block: 'start' });
  }, [section]);

  const author = pullRequest.author?.display_name ?? 'Unknown author';
  const description = descriptionOf(pullRequest);
  const participants = pullRequest.participants ?? [];
  const reviewers = reviewersOf(pullRequest);
  const others = participants.filter((participant) => participant.role !== 'REVIEWER');
  const destinationCommit = pullRequest.destination?.commit?.hash;
  const destinationBranch = pullRequest.destination?.branch?.name;

  const resolveUrl = (url: string, kind: MarkdownUrlKind) => {
    const path = repositoryPathOf(url);
    if (!path) return null;
    if (kind === 'image') {
      return destinationCommit ? paths.raw(workspace, repo, destinationCommit, path) : null;
    }
    return paths.source(workspace, repo, destinationCommit ?? destinationBranch, path);
  };

  return (
    <article className="pull-request-page" aria-labelledby="pull-request-title">
      <header className="pull-request-header card">
        <div className="pull-request-header__title-row">
          <h2 id="pull-request-title" className="pull-request-header__title">
            {pullRequest.title || '(untitled)'}{' '}
            <span className="pull-request-header__id">#{pullRequest.id ?? id}</span>
          </h2>
          <PullRequestStateBadge state={pullRequest.state} />
          {pullRequest.draft ? <Badge>Draft</Badge> : null}
        </div>
        <p className="pull-request-header__meta">
          <span className="pull-request-person">
            <Avatar src={pullRequest.author?.links?.avatar?.href} name={author} size="sm" />
            {author}
          </span>
          <BranchFlow pullRequest={pullRequest} />
          {pullRequest.created_on ? (
            <RelativeTime value={pullRequest.created_on} prefix="opened" />
          ) : null}
          {pullRequest.updated_on ? (
            <RelativeTime value={pullRequest.updated_on} prefix="updated" />
          ) : null}
        </p>
        {pullRequest.state === 'DECLINED' && pullRequest.reason ? (
          <p className="pull-request-header__reason">Declined: {pullRequest.reason}</p>
        ) : null}
      </header>

      <div className="pull-request-page__overview">
        <section
          className="card pull-request-description"
          aria-labelledby="pull-request-description"
        >
          <h3 id="pull-request-description" className="card__title">
            Description
          </h3>
          {description.trim() ? (
            <MarkdownView source={description} resolveUrl={resolveUrl} />
          ) : (
            <p className="text-subtlest">No description.</p>
          )}
        </section>
        <aside className="pull-request-people">
          <section className="card" aria-labelledby="pull-request-reviewers">
            <h3 id="pull-request-reviewers" className="card__title">
              Reviewers
            </h3>
            {reviewers.length === 0 ? (
              <p className="text-subtlest">No reviewers.</p>
            ) : (
              <ul className="people-list" aria-label="Reviewers">
                {reviewers.map((reviewer) => (
                  <PersonRow key={personKey(reviewer)} participant={reviewer} />
                ))}
              </ul>
            )}
          </section>
          <section className="card" aria-labelledby="pull-request-participants">
            <h3 id="pull-request-participants" className="card__title">
              Participants
            </h3>
            {others.length === 0 ? (
              <p className="text-subtlest">No other participants.</p>
            ) : (
              <ul className="people-list" aria-label="Participants">
                {others.map((participant) => (
                  <PersonRow key={personKey(participant)} participant={participant} />
                ))}
              </ul>
            )}
          </section>
        </aside>
      </div>

      <div ref={changesRef} className="pull-request-page__changes">
        <ChangesView diffstat={diffstat} diff={diff} subject="this pull request" />
      </div>
    </article>
  );
}

/**
 * A relative URL in a description as a path from the repository root: a description has no folder of
 * its own, so `./a`, `/a` and `../a` all mean `a`; the query and fragment are dropped; `%20` is decoded
 * (the path builders encode it again). `''` when nothing is left.
 */
export function repositoryPathOf(url: string): string {
  const [pathPart = ''] = url.split(/[?#]/);
  const segments: string[] = [];
  // Decoded before splitting, so an encoded `%2F..` climbs (and stops at the root) like a written `/..`.
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    decoded = pathPart;
  }
  for (const segment of decoded.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return segments.join('/');
}

/**
 * The Markdown the author typed. Real payloads carry it as `description` (outside the published schema),
 * and always as `summary.raw`.
 */
function descriptionOf(pullRequest: PullRequest): string {
  const { description } = pullRequest as PullRequest & { description?: unknown };
  if (typeof description === 'string') return description;
  return pullRequest.summary?.raw ?? pullRequest.rendered?.description?.raw ?? '';
}

/**
 * Reviewers with their verdicts. `participants` carries the verdicts (role REVIEWER); `reviewers` lists
 * the people asked, some of whom have not acted yet and so appear only there.
 */
export function reviewersOf(pullRequest: PullRequest): Participant[] {
  const participants = pullRequest.participants ?? [];
  const fromParticipants = participants.filter((participant) => participant.role === 'REVIEWER');
  const known = new Set(fromParticipants.map(personKey));
  const pending = (pullRequest.reviewers ?? [])
    .filter((account) => !known.has(account.uuid ?? account.display_name ?? ''))
    .map((account): Participant => ({
      type: 'participant',
      user: account,
      role: 'REVIEWER',
      approved: false,
      state: null,
    }));
  return [...fromParticipants, ...pending];
}

function personKey(participant: Participant): string {
  return participant.user?.uuid ?? participant.user?.display_name ?? '';
}

const VERDICTS = {
  approved: { label: 'Approved', tone: 'success' },
  changes_requested: { label: 'Changes requested', tone: 'warning' },
  pending: { label: 'Pending', tone: 'neutral' },
} as const;

function PersonRow({ participant }: { participant: Participant }) {
  const name = participant.user?.display_name ?? 'Unknown user';
  const verdict =
    participant.state === 'changes_requested'
      ? VERDICTS.changes_requested
      : participant.approved || participant.state === 'approved'
        ? VERDICTS.approved
        : participant.role === 'REVIEWER'
          ? VERDICTS.pending
          : undefined;
  return (
    <li className="people-list__person">
      <span className="pull-request-person">
        <Avatar src={participant.user?.links?.avatar?.href} name={name} size="sm" />
        {name}
      </span>
      {verdict ? <Badge tone={verdict.tone}>{verdict.label}</Badge> : null}
    </li>
  );
}

function PullRequestSkeleton() {
  return (
    <div className="pull-request-header card" aria-busy="true">
      <LoadingAnnouncement>Loading the pull request…</LoadingAnnouncement>
      <Skeleton width="60%" height="1.4rem" />
      <Skeleton width="45%" height="0.9rem" />
      <Skeleton width="80%" height="4rem" />
    </div>
  );
}
