// Which repository files a Markdown document shows as images, and the URLs it shows them under.
import { markdownImageUrls } from '@/components/markdown/markdown-view';
import type { ResolveMarkdownUrl } from '@/components/markdown/markdown-view';
import { paths } from '@/config/paths';
import { resolveRepositoryPath } from './source-paths';

/**
 * How a document in `directory` at `commit` points into its repository: an image to its raw URL (the
 * address its `<img>` is known by), a link to Pail's page for the file, heading included.
 */
export function documentUrlResolver(
  workspace: string,
  repo: string,
  commit: string,
  directory: string,
): ResolveMarkdownUrl {
  return (url, kind) => {
    const target = resolveRepositoryPath(directory, url);
    if (!target) return null;
    return kind === 'image'
      ? paths.raw(workspace, repo, commit, target.path)
      : `${paths.source(workspace, repo, commit, target.path)}${target.hash}`;
  };
}

/**
 * The relative images of a document `resolveUrl` renders, each URL mapped to its repository path (as
 * resolved from `directory`), in document order; an image the sanitiser drops is not listed.
 */
export function documentImagePaths(
  text: string,
  directory: string,
  resolveUrl: ResolveMarkdownUrl,
): Map<string, string> {
  const paths = new Map<string, string>();
  const recording: ResolveMarkdownUrl = (url, kind) => {
    const resolved = resolveUrl(url, kind);
    const target = kind === 'image' && resolved ? resolveRepositoryPath(directory, url) : null;
    if (resolved && target) paths.set(resolved, target.path);
    return resolved;
  };
  const shown = new Set(markdownImageUrls(text, recording));
  return new Map([...paths].filter(([url]) => shown.has(url)));
}
