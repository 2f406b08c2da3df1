// /{workspace}/{repo}: a repository's summary — description, details and clone URLs.
import type { Repository } from '@pail/shared/bitbucket';
import { useState } from 'react';
import { Link } from 'react-router';
import type { ReactNode } from 'react';
import { Avatar } from '@/components/ui/avatar';
import { BranchIcon, CopyIcon, ExternalLinkIcon } from '@/components/ui/icons';
import { QueryErrorPanel } from '@/components/ui/query-error-panel';
import { RelativeTime } from '@/components/ui/relative-time';
import { LoadingAnnouncement, Skeleton } from '@/components/ui/skeleton';
import { paths } from '@/config/paths';
import { usePageTitle } from '@/hooks/use-page-title';
import { isApiError } from '@/lib/api-client';
import { formatBytes } from '@/lib/format-bytes';
import { formatDateTime } from '@/lib/relative-time';
import { useRepository } from '../api/get-repository';
import { LanguageLabel } from './language-label';
import { PrivacyBadge } from './repository-row';
import './repository-summary-page.css';

export function RepositorySummaryPage({ workspace, repo }: { workspace: string; repo: string }) {
  const query = useRepository(workspace, repo);
  const notFound = isApiError(query.error) && query.error.status === 404;
  usePageTitle(notFound ? 'Repository not found' : `${workspace}/${query.data?.name ?? repo}`);

  if (query.isPending) return <RepositorySummarySkeleton />;
  if (query.isError) {
    return (
      <div className="page">
        <QueryErrorPanel
          error={query.error}
          subject="this repository"
          onRetry={() => void query.refetch()}
          isRetrying={query.isRefetching}
          notFound={{
            title: 'Repository not found',
            description: `There is no repository “${workspace}/${repo}”, or you do not have access to it.`,
          }}
        />
      </div>
    );
  }
  return <RepositorySummary workspace={workspace} repository={query.data} />;
}

function RepositorySummary({
  workspace,
  repository,
}: {
  workspace: string;
  repository: Repository;
}) {
  const name = repository.name ?? repository.slug ?? '';
  const clones = (repository.links?.clone ?? []).filter(
    (link): link is { href: string; name?: string } => typeof link.href === 'string',
  );
  const bitbucketUrl = repository.links?.html?.href;

  return (
    <div className="page">
      <header className="page-header page-header--with-avatar">
        <Avatar src={repository.links?.avatar?.href} name={name} size="xl" shape="square" />
        <div className="repository-summary__heading">
          <Link className="repository-summary__workspace" to={paths.workspace(workspace)}>
            {repository.workspace?.name ?? workspace}
          </Link>
          <h1 className="page-header__title">{name}</h1>
          <div className="page-header__meta">
            <PrivacyBadge isPrivate={repository.is_private} />
            {bitbucketUrl ? (
              <a
                href={bitbucketUrl}
                className="repository-summary__external"
                rel="noreferrer"
                target="_blank"
              >
                Open on Bitbucket <ExternalLinkIcon />
              </a>
            ) : null}
          </div>
        </div>
      </header>

      <p className="repository-summary__description">
        {repository.description || <span className="text-subtlest">No description.</span>}
      </p>

      <div className="repository-summary__grid">
        <section className="card repository-summary__card" aria-labelledby="repository-details">
          <h2 id="repository-details" className="card__title">
            Details
          </h2>
          <dl className="details">
            <Detail term="Language">
              {repository.language ? <LanguageLabel language={repository.language} /> : 'Not set'}
            </Detail>
            <Detail term="Main branch">
              {repository.mainbranch?.name ? (
                <span className="repository-summary__branch">
                  <BranchIcon /> {repository.mainbranch.name}
                </span>
              ) : (
                'None yet'
              )}
            </Detail>
            <Detail term="Project">
              {repository.project?.name
                ? `${repository.project.name}${repository.project.key ? ` (${repository.project.key})` : ''}`
                : 'None'}
            </Detail>
            <Detail term="Size">
              {repository.size !== undefined ? formatBytes(repository.size) : 'Unknown'}
            </Detail>
            <Detail term="Last updated">
              {repository.updated_on ? <RelativeTime value={repository.updated_on} /> : 'Unknown'}
            </Detail>
            {repository.created_on ? (
              <Detail term="Created">
                <time dateTime={repository.created_on}>
                  {formatDateTime(new Date(repository.created_on))}
                </time>
              </Detail>
            ) : null}
          </dl>
        </section>

        <section className="card repository-summary__card" aria-labelledby="repository-clone">
          <h2 id="repository-clone" className="card__title">
            Clone
          </h2>
          {clones.length > 0 ? (
            <ul className="clone-list">
              {clones.map((link) => (
                <CloneUrl key={link.href} protocol={link.name ?? 'url'} href={link.href} />
              ))}
            </ul>
          ) : (
            <p className="text-subtle">Bitbucket did not report any clone URLs.</p>
          )}
        </section>
      </div>
    </div>
  );
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function CloneUrl({ protocol, href }: { protocol: string; href: string }) {
  const label = protocol.toUpperCase();
  const [copied, setCopied] = useState(false);
  const canCopy = typeof navigator !== 'undefined' && Boolean(navigator.clipboard);

  return (
    <li className="clone-list__item">
      <label className="clone-list__label">
        <span className="clone-list__protocol">{label}</span>
        <input
          className="input clone-list__input"
          readOnly
          value={href}
          onFocus={(event) => event.target.select()}
          aria-label={`${label} clone URL`}
        />
      </label>
      {canCopy ? (
        <button
          type="button"
          className="button button--small"
          onClick={() => {
            void navigator.clipboard.writeText(href).then(() => setCopied(true));
          }}
          onBlur={() => setCopied(false)}
        >
          <CopyIcon /> {copied ? 'Copied' : 'Copy'}
          <span className="visually-hidden"> {label} clone URL</span>
        </button>
      ) : null}
    </li>
  );
}

function RepositorySummarySkeleton() {
  return (
    <div className="page" aria-busy="true">
      <LoadingAnnouncement>Loading repository…</LoadingAnnouncement>
      <div className="page-header page-header--with-avatar">
        <Skeleton width="64px" height="64px" />
        <div className="repository-summary__heading">
          <Skeleton width="280px" height="1.6rem" />
          <Skeleton width="120px" height="1rem" />
        </div>
      </div>
      <Skeleton width="60%" height="1rem" />
      <div className="repository-summary__grid">
        <div className="card repository-summary__card">
          {Array.from({ length: 5 }, (_, index) => (
            <Skeleton
              key={index}
              width={`${50 + index * 8}%`}
              height="1rem"
              className="skeleton--line"
            />
          ))}
        </div>
        <div className="card repository-summary__card">
          <Skeleton width="100%" height="2rem" className="skeleton--line" />
          <Skeleton width="100%" height="2rem" className="skeleton--line" />
        </div>
      </div>
    </div>
  );
}
