// /{workspace}/{repo}: a repository's overview — description, details, clone commands and its README.
import type { Repository } from '@pail/shared/bitbucket';
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { BranchIcon, CopyIcon } from '@/components/ui/icons';
import { QueryErrorPanel } from '@/components/ui/query-error-panel';
import { RelativeTime } from '@/components/ui/relative-time';
import { LoadingAnnouncement, Skeleton } from '@/components/ui/skeleton';
import { usePageTitle } from '@/hooks/use-page-title';
import { isApiError } from '@/lib/api-client';
import { formatBytes } from '@/lib/format-bytes';
import { formatDateTime } from '@/lib/relative-time';
import { useRepository } from '../api/get-repository';
import { LanguageLabel } from './language-label';
import './repository-summary-page.css';

export function RepositorySummaryPage({
  workspace,
  repo,
  readme,
}: {
  workspace: string;
  repo: string;
  /** The README section, composed in by the route. */
  readme?: ReactNode;
}) {
  const query = useRepository(workspace, repo);
  const notFound = isApiError(query.error) && query.error.status === 404;
  usePageTitle(notFound ? 'Repository not found' : `${workspace}/${query.data?.name ?? repo}`);

  if (query.isPending) return <RepositorySummarySkeleton />;
  if (query.isLoadingError) {
    return (
      <div>
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
  return <RepositorySummary repository={query.data} readme={readme} />;
}

function RepositorySummary({ repository, readme }: { repository: Repository; readme: ReactNode }) {
  const clones = (repository.links?.clone ?? []).filter(
    (link): link is { href: string; name?: string } => typeof link.href === 'string',
  );

  return (
    <div>
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
      {readme}
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

/** How long the "Copied" confirmation stays. */
const CONFIRMATION_MS = 2000;

function CloneUrl({ protocol, href }: { protocol: string; href: string }) {
  const label = protocol.toUpperCase();
  const command = `git clone ${href}`;
  const [status, setStatus] = useState<'idle' | 'copied' | 'manual'>('idle');
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (status !== 'copied') return;
    const timer = window.setTimeout(() => setStatus('idle'), CONFIRMATION_MS);
    return () => window.clearTimeout(timer);
  }, [status]);

  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error('No Clipboard API');
      await navigator.clipboard.writeText(command);
      setStatus('copied');
    } catch {
      // Without the Clipboard API (an insecure origin, a refused permission), select the text to copy by hand.
      inputRef.current?.focus();
      inputRef.current?.select();
      setStatus('manual');
    }
  }

  return (
    <li className="clone-list__item">
      <label className="clone-list__label">
        <span className="clone-list__protocol">{label}</span>
        <input
          ref={inputRef}
          className="input clone-list__input"
          readOnly
          value={command}
          onFocus={(event) => event.target.select()}
          aria-label={`${label} clone command`}
        />
      </label>
      <button type="button" className="button button--small" onClick={() => void copy()}>
        <CopyIcon /> {status === 'copied' ? 'Copied' : 'Copy'}
        <span className="visually-hidden"> {label} clone command</span>
      </button>
      <span className="clone-list__status" role="status">
        {status === 'copied'
          ? `${label} clone command copied`
          : status === 'manual'
            ? 'Press Ctrl+C (⌘C on a Mac) to copy the selected command.'
            : ''}
      </span>
    </li>
  );
}

function RepositorySummarySkeleton() {
  return (
    <div aria-busy="true">
      <LoadingAnnouncement>Loading repository…</LoadingAnnouncement>
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
