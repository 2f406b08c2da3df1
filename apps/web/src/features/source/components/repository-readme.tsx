// The README at the root of the main branch, rendered safely, with its relative links kept inside Pail.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { MarkdownView } from '@/components/markdown/markdown-view';
import { QueryErrorPanel } from '@/components/ui/query-error-panel';
import { LoadingAnnouncement, Skeleton } from '@/components/ui/skeleton';
import { paths } from '@/config/paths';
import { formatBytes } from '@/lib/format-bytes';
import { useDocumentImages } from '../api/get-document-image';
import { useFileContent } from '../api/get-file-content';
import { getDirectoryQueryOptions } from '../api/list-directory';
import { useResolveSource } from '../api/resolve-ref';
import { documentImagePaths, documentUrlResolver } from '../document-images';
import { findReadme } from '../readme-file';
import { isMarkdownPath, MAX_RENDERED_MARKDOWN_BYTES } from './file-kind';
import './source.css';

export function RepositoryReadme({
  workspace,
  repo,
  mainBranch,
}: {
  workspace: string;
  repo: string;
  mainBranch: string | undefined;
}) {
  const source = useResolveSource(workspace, repo, '', mainBranch, {
    enabled: Boolean(mainBranch),
  });
  const hash = source.data?.hash ?? '';
  const listing = useQuery({
    ...getDirectoryQueryOptions(workspace, repo, hash, ''),
    enabled: hash !== '',
  });
  const readme = listing.data ? findReadme(listing.data.entries) : undefined;
  const path = readme?.path ?? '';
  const tooLarge = (readme?.size ?? 0) > MAX_RENDERED_MARKDOWN_BYTES;
  const content = useFileContent(workspace, repo, hash, path, Boolean(readme) && !tooLarge);

  const resolveUrl = useMemo(
    () => documentUrlResolver(workspace, repo, hash, ''),
    [workspace, repo, hash],
  );
  // The README's images come through the query cache (object URLs), not the browser's own loading: raw
  // answers are `no-store`, so the browser would ask again on Back; the cache keeps them (record 025).
  const markdownText =
    content.data?.kind === 'text' && isMarkdownPath(path) && !tooLarge ? content.data.text : '';
  const imagePaths = useMemo(
    () => documentImagePaths(markdownText, '', resolveUrl),
    [markdownText, resolveUrl],
  );
  const images = useDocumentImages(workspace, repo, hash, imagePaths);

  if (!mainBranch) {
    return (
      <section className="card readme readme--missing" aria-labelledby="readme-title">
        <h2 id="readme-title" className="card__title">
          This repository is empty
        </h2>
        <p className="text-subtle">
          Nothing has been pushed to it yet. Clone it with one of the commands above and push a
          first commit.
        </p>
      </section>
    );
  }
  // A refetch that fails keeps the README it already showed; only a first load that fails explains why.
  const error = [source, listing, content].find((query) => query.isLoadingError)?.error;
  if (error) {
    return (
      <section className="card readme" aria-label="README">
        <QueryErrorPanel
          error={error}
          subject="the README"
          onRetry={() => {
            void source.refetch();
            void listing.refetch();
            if (readme) void content.refetch();
          }}
        />
      </section>
    );
  }
  if (listing.data && !readme) {
    return (
      <section className="card readme readme--missing" aria-labelledby="readme-title">
        <h2 id="readme-title" className="card__title">
          README
        </h2>
        <p className="text-subtle">
          This repository has no README on {mainBranch}.{' '}
          {source.data ? (
            <Link to={paths.source(workspace, repo, mainBranch)}>Browse its files</Link>
          ) : null}
        </p>
      </section>
    );
  }
  if (!readme || (!tooLarge && !content.data)) {
    return (
      <section className="card readme" aria-busy="true" aria-label="README">
        <LoadingAnnouncement>Loading README…</LoadingAnnouncement>
        {Array.from({ length: 5 }, (_, index) => (
          <Skeleton
            key={index}
            width={`${45 + index * 10}%`}
            height="1rem"
            className="skeleton--line"
          />
        ))}
      </section>
    );
  }

  return (
    <section className="card readme" aria-labelledby="readme-title">
      <h2 id="readme-title" className="readme__title">
        <Link to={paths.source(workspace, repo, mainBranch, path)}>{path}</Link>
      </h2>
      {tooLarge ? (
        <p className="text-subtle">
          The README is {formatBytes(readme.size ?? 0)}, too large to show here.
        </p>
      ) : content.data?.kind !== 'text' ? (
        <p className="text-subtle">The README is not a text file.</p>
      ) : isMarkdownPath(path) ? (
        <MarkdownView
          source={content.data.text}
          resolveUrl={resolveUrl}
          images={images}
          followHash
        />
      ) : (
        <pre className="readme__plain">{content.data.text}</pre>
      )}
    </section>
  );
}
