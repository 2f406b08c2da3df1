// One file at a commit: highlighted code with linkable lines, an image, rendered Markdown, or a clear
// message for binary and very large files; always with Raw, Download and History.
import type { CommitFile } from '@pail/shared/bitbucket';
import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { MarkdownView } from '@/components/markdown/markdown-view';
import { QueryErrorPanel } from '@/components/ui/query-error-panel';
import { LoadingAnnouncement, Skeleton } from '@/components/ui/skeleton';
import { paths } from '@/config/paths';
import { formatBytes } from '@/lib/format-bytes';
import { languageForPath } from '@/lib/highlight-languages';
import { useDocumentImages } from '../api/get-document-image';
import { useFileContent } from '../api/get-file-content';
import type { ResolvedSource } from '../api/resolve-ref';
import { documentImagePaths, documentUrlResolver } from '../document-images';
import { baseName, parentPath } from '../source-paths';
import { CodeView } from './code-view';
import {
  fileKind,
  isMarkdownPath,
  MAX_DISPLAY_BYTES,
  MAX_RENDERED_MARKDOWN_BYTES,
} from './file-kind';

export function FileView({
  workspace,
  repo,
  source,
  file,
}: {
  workspace: string;
  repo: string;
  source: ResolvedSource;
  file: CommitFile;
}) {
  const path = source.path;
  const name = baseName(path);
  const kind = fileKind(file);
  const content = useFileContent(workspace, repo, source.hash, path, kind === 'text');
  const markdown = isMarkdownPath(path) && (file.size ?? 0) <= MAX_RENDERED_MARKDOWN_BYTES;
  const [view, setView] = useState<'rendered' | 'source'>('rendered');
  const rawUrl = paths.raw(workspace, repo, source.hash, path);
  const downloadUrl = paths.raw(workspace, repo, source.hash, path, { download: true });

  const resolveUrl = useMemo(
    () => documentUrlResolver(workspace, repo, source.hash, parentPath(path)),
    [workspace, repo, source.hash, path],
  );
  // Its images come through the query cache, as a README's do (record 025).
  const markdownText =
    markdown && view === 'rendered' && content.data?.kind === 'text' ? content.data.text : '';
  const imagePaths = useMemo(
    () => documentImagePaths(markdownText, parentPath(path), resolveUrl),
    [markdownText, path, resolveUrl],
  );
  const images = useDocumentImages(workspace, repo, source.hash, imagePaths);

  const isText = content.data?.kind === 'text';
  let body: ReactNode;
  if (kind === 'image') {
    body = (
      <div className="file-view__image">
        <img src={rawUrl} alt={name} />
      </div>
    );
  } else if (kind === 'submodule') {
    body = <FileNotice title="Submodule">This path is a link to another repository.</FileNotice>;
  } else if (kind === 'binary') {
    body = (
      <FileNotice title="Binary file">
        {name} is a binary file{file.size !== undefined ? ` (${formatBytes(file.size)})` : ''}, so
        Pail does not display it. Use Raw or Download to get it.
      </FileNotice>
    );
  } else if (kind === 'too-large') {
    body = (
      <FileNotice title="File too large to display">
        {name} is {formatBytes(file.size ?? 0)}; Pail displays files up to{' '}
        {formatBytes(MAX_DISPLAY_BYTES)}. Use Raw or Download to read it.
      </FileNotice>
    );
  } else if (content.isPending) {
    body = (
      <div className="file-view__loading" aria-busy="true">
        <LoadingAnnouncement>Loading file…</LoadingAnnouncement>
        {Array.from({ length: 8 }, (_, index) => (
          <Skeleton
            key={index}
            width={`${25 + ((index * 17) % 60)}%`}
            height="0.9rem"
            className="skeleton--line"
          />
        ))}
      </div>
    );
  } else if (content.isLoadingError) {
    body = (
      <div className="file-view__error">
        <QueryErrorPanel
          error={content.error}
          subject="this file"
          onRetry={() => void content.refetch()}
          isRetrying={content.isRefetching}
        />
      </div>
    );
  } else if (content.data.kind === 'binary') {
    body = (
      <FileNotice title="Binary file">
        {name} is not text, so Pail does not display it. Use Raw or Download to get it.
      </FileNotice>
    );
  } else if (content.data.text === '') {
    body = <FileNotice title="Empty file">{name} has no content.</FileNotice>;
  } else if (markdown && view === 'rendered') {
    body = (
      <div className="file-view__markdown">
        <MarkdownView
          source={content.data.text}
          resolveUrl={resolveUrl}
          images={images}
          followHash
        />
      </div>
    );
  } else {
    body = <CodeView text={content.data.text} language={languageForPath(path)} name={name} />;
  }

  return (
    <section className="card file-view" aria-labelledby="file-view-title">
      <header className="file-view__header">
        <div className="file-view__title-group">
          <h2 id="file-view-title" className="file-view__title">
            {name}
          </h2>
          {file.size !== undefined ? (
            <span className="file-view__size">{formatBytes(file.size)}</span>
          ) : null}
        </div>
        <div className="file-view__actions">
          {markdown && isText ? (
            <div className="segmented" role="group" aria-label="Markdown view">
              <button
                type="button"
                className="segmented__button"
                aria-pressed={view === 'rendered'}
                onClick={() => setView('rendered')}
              >
                Rendered
              </button>
              <button
                type="button"
                className="segmented__button"
                aria-pressed={view === 'source'}
                onClick={() => setView('source')}
              >
                Source
              </button>
            </div>
          ) : null}
          <a className="button button--small" href={rawUrl}>
            Raw
          </a>
          <a className="button button--small" href={downloadUrl} download={name}>
            Download
          </a>
          <Link
            className="button button--small"
            to={paths.commits(workspace, repo, {
              // At a bare commit, the history runs back from that commit.
              ref:
                source.kind === 'branch'
                  ? source.name
                  : source.kind === 'commit'
                    ? source.hash
                    : undefined,
              tag: source.kind === 'tag' ? source.name : undefined,
              path,
            })}
          >
            History
          </Link>
        </div>
      </header>
      {body}
    </section>
  );
}

function FileNotice({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="file-view__notice" role="note" aria-label={title}>
      <p className="file-view__notice-title">{title}</p>
      <p>{children}</p>
    </div>
  );
}
