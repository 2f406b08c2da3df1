// Fetches ahead what a repository's overview shows below its header: the main branch's root, README, images.
import type { QueryClient } from '@tanstack/react-query';
import { isMarkdownPath, MAX_RENDERED_MARKDOWN_BYTES } from '../components/file-kind';
import { findReadme } from '../readme-file';
import { getDocumentImageQueryOptions } from './get-document-image';
import { getFileContentQueryOptions } from './get-file-content';
import { getDirectoryQueryOptions } from './list-directory';
import { getResolveSourceQueryOptions } from './resolve-ref';

/** The same requests the overview makes, in the same order; failures are left for the page to report. */
export function prefetchReadme(
  queryClient: QueryClient,
  workspace: string,
  repo: string,
  mainBranch: string | undefined,
): void {
  if (!mainBranch) return;
  void (async () => {
    const source = await queryClient.fetchQuery(
      getResolveSourceQueryOptions(workspace, repo, '', mainBranch),
    );
    const listing = await queryClient.fetchQuery(
      getDirectoryQueryOptions(workspace, repo, source.hash, ''),
    );
    const readme = findReadme(listing.entries);
    if (!readme?.path || (readme.size ?? 0) > MAX_RENDERED_MARKDOWN_BYTES) return;
    const content = await queryClient.fetchQuery(
      getFileContentQueryOptions(workspace, repo, source.hash, readme.path),
    );
    if (content.kind !== 'text' || !isMarkdownPath(readme.path)) return;
    // Finding the images takes the Markdown renderer, whose code the overview loads anyway.
    const { documentImagePaths, documentUrlResolver } = await import('../document-images');
    const images = documentImagePaths(
      content.text,
      '',
      documentUrlResolver(workspace, repo, source.hash, ''),
    );
    await Promise.all(
      [...images.values()].map((path) =>
        queryClient.prefetchQuery(getDocumentImageQueryOptions(workspace, repo, source.hash, path)),
      ),
    );
  })().catch(() => {});
}
