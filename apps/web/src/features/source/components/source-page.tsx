// /{workspace}/{repo}/src/{ref}/{path}: resolves the ref, then shows a folder's listing or a file.
import { useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import { EmptyState } from '@/components/ui/empty-state';
import { QueryErrorPanel } from '@/components/ui/query-error-panel';
import { LoadingAnnouncement, Skeleton } from '@/components/ui/skeleton';
import { usePageTitle } from '@/hooks/use-page-title';
import { isApiError } from '@/lib/api-client';
import { isDirectory, useSourceMeta } from '../api/get-source-meta';
import { useResolveSource } from '../api/resolve-ref';
import type { ResolvedSource } from '../api/resolve-ref';
import { DirectoryListing } from './directory-listing';
import { FileFinder } from './file-finder';
import { FileView } from './file-view';
import { PathBreadcrumbs } from './path-breadcrumbs';
import { RefSwitcher } from './ref-switcher';
import './source.css';

export interface SourcePageProps {
  workspace: string;
  repo: string;
  /** Everything after `/src/` in the URL, decoded: `{ref}/{path}`, or `''`. */
  spec: string;
  /** bitbucket.org's `?at=` (a branch or tag), used when the URL names no ref or `HEAD`. */
  at?: string | null;
  mainBranch: string | undefined;
}

/** What the ref switcher leaves in the location state when the path did not exist on the new ref. */
export interface SourceLocationState {
  missingPath?: string;
  /** The ref switcher made this navigation, and takes the keyboard focus back. */
  fromRefSwitcher?: boolean;
}

/** `?at=` names the ref when the path names none (`/src?at=x`) or `HEAD` (`/src/HEAD/docs?at=x`). */
export function applyAtParameter(spec: string, at: string | null | undefined): string {
  if (!at) return spec;
  const segments = spec.split('/').filter(Boolean);
  if (segments.length === 0) return at;
  if (segments[0] === 'HEAD') return [at, ...segments.slice(1)].join('/');
  return spec;
}

export function SourcePage({ workspace, repo, spec, at, mainBranch }: SourcePageProps) {
  const effectiveSpec = applyAtParameter(spec, at);
  const isEmptyRepository = !mainBranch && effectiveSpec === '';
  const resolved = useResolveSource(workspace, repo, effectiveSpec, mainBranch, {
    enabled: !isEmptyRepository,
  });
  const notFound = isApiError(resolved.error) && resolved.error.status === 404;
  const waitingTitle = notFound
    ? 'Branch, tag or commit not found'
    : `Source · ${workspace}/${repo}`;

  if (isEmptyRepository) {
    return (
      <>
        <PageTitle title={waitingTitle} />
        <EmptyState
          title="This repository is empty"
          description="Nothing has been pushed to it yet, so there are no files to browse."
        />
      </>
    );
  }
  if (resolved.isPending) {
    return (
      <>
        <PageTitle title={waitingTitle} />
        <SourceSkeleton />
      </>
    );
  }
  if (resolved.isLoadingError) {
    return (
      <>
        <PageTitle title={waitingTitle} />
        <QueryErrorPanel
          error={resolved.error}
          subject="this source"
          onRetry={() => void resolved.refetch()}
          isRetrying={resolved.isRefetching}
          notFound={{
            title: 'Branch, tag or commit not found',
            description: `“${effectiveSpec.split('/')[0] ?? ''}” is not a branch, tag or commit in ${workspace}/${repo}.`,
          }}
        />
      </>
    );
  }
  // While the next ref or path resolves, the previous page stays visible but inert: its links point at
  // the old ref, and following one would undo the navigation the user just made.
  const isStale = resolved.isPlaceholderData;
  return (
    <div className="source-page" inert={isStale} aria-busy={isStale || undefined}>
      <SourceBrowser
        key={`${resolved.data.hash}:${resolved.data.path}`}
        workspace={workspace}
        repo={repo}
        source={resolved.data}
        mainBranch={mainBranch}
      />
    </div>
  );
}

/** Sets the tab title while rendered: a page's loading and error states each name the tab. */
function PageTitle({ title }: { title: string }) {
  usePageTitle(title);
  return null;
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function SourceBrowser({
  workspace,
  repo,
  source,
  mainBranch,
}: {
  workspace: string;
  repo: string;
  source: ResolvedSource;
  mainBranch: string | undefined;
}) {
  const meta = useSourceMeta(workspace, repo, source.hash, source.path);
  const location = useLocation();
  const missingPath = (location.state as SourceLocationState | null)?.missingPath;
  const [finderOpen, setFinderOpen] = useState(false);
  const notFound = isApiError(meta.error) && meta.error.status === 404;
  usePageTitle(
    notFound
      ? 'File not found'
      : `${source.path === '' ? 'Source' : source.path} at ${source.name} · ${workspace}/${repo}`,
  );

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 't' || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.defaultPrevented || isEditable(event.target)) return;
      event.preventDefault();
      setFinderOpen(true);
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <div className="source">
      <div className="source__toolbar">
        <RefSwitcher workspace={workspace} repo={repo} source={source} mainBranch={mainBranch} />
        <PathBreadcrumbs workspace={workspace} repo={repo} source={source} />
        <button
          type="button"
          className="button button--small source__finder-button"
          onClick={() => setFinderOpen(true)}
          aria-keyshortcuts="t"
        >
          Go to file <kbd className="source__kbd">t</kbd>
        </button>
      </div>

      {missingPath ? (
        <p className="source__notice" role="status">
          “{missingPath}” does not exist on {source.name}; showing its root folder instead.
        </p>
      ) : null}

      {meta.isPending ? (
        <SourceSkeleton inline />
      ) : meta.isLoadingError ? (
        <QueryErrorPanel
          error={meta.error}
          subject={source.path === '' ? 'this folder' : `“${source.path}”`}
          onRetry={() => void meta.refetch()}
          isRetrying={meta.isRefetching}
          notFound={{
            title: 'File not found',
            description: `There is no file or folder “${source.path}” at ${source.name}.`,
          }}
        />
      ) : isDirectory(meta.data) ? (
        <DirectoryListing
          workspace={workspace}
          repo={repo}
          source={source}
          mainBranch={mainBranch}
        />
      ) : (
        <FileView workspace={workspace} repo={repo} source={source} file={meta.data} />
      )}

      {finderOpen ? (
        <FileFinder
          workspace={workspace}
          repo={repo}
          source={source}
          onClose={() => setFinderOpen(false)}
        />
      ) : null}
    </div>
  );
}

function SourceSkeleton({ inline = false }: { inline?: boolean }) {
  return (
    <div className={inline ? undefined : 'source'} aria-busy="true">
      <LoadingAnnouncement>Loading files…</LoadingAnnouncement>
      {inline ? null : (
        <div className="source__toolbar">
          <Skeleton width="160px" height="2rem" />
          <Skeleton width="240px" height="1rem" />
        </div>
      )}
      <div className="card source__skeleton">
        {Array.from({ length: 6 }, (_, index) => (
          <Skeleton
            key={index}
            width={`${40 + ((index * 13) % 45)}%`}
            height="1rem"
            className="skeleton--line"
          />
        ))}
      </div>
    </div>
  );
}
