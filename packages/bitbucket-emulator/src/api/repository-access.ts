// The repository named in a `/2.0/repositories/{workspace}/{repo_slug}/…` path, its content, and its paths.
import type { Context } from 'hono';
import type { ApiEnv } from '../auth/caller';
import type { EmulatorContext } from '../emulator-context';
import type { CommitObject } from '../git/objects';
import type { RepositoryContent } from '../git/repository-content';
import type { SeedRepository } from '../seed/model';
import { repositoryContent } from '../seed/repository-content';
import { ApiError, REPOSITORY_NOT_FOUND } from './api-error';

export interface RepositoryInPath {
  repo: SeedRepository;
  content: RepositoryContent;
  /** `/2.0/repositories/{workspace}/{slug}` on the emulator's origin, for links. */
  apiBase: string;
  /** `{origin}/{workspace}/{slug}`, the repository's web page. */
  webBase: string;
}

/** The repository in the path if the caller may see it (slug or `{uuid}` ids), else Bitbucket's 404. */
export function repositoryInPath(ctx: EmulatorContext, c: Context<ApiEnv>): RepositoryInPath {
  const repo = ctx.directory.repository(c.req.param('workspace') ?? '', c.req.param('repo') ?? '');
  if (!repo || !ctx.directory.canSeeRepository(c.var.caller.principal, repo)) {
    throw new ApiError(404, REPOSITORY_NOT_FOUND);
  }
  const fullName = `${encodeURIComponent(repo.workspace)}/${encodeURIComponent(repo.slug)}`;
  return {
    repo,
    content: repositoryContent(repo),
    apiBase: `${ctx.origin}/2.0/repositories/${fullName}`,
    webBase: `${ctx.origin}/${fullName}`,
  };
}

/**
 * The decoded path segments after `marker` (e.g. `/src/`) in the request's raw path, so `%2F` inside a
 * segment stays inside it; `trailingSlash` tells a directory listing from a file.
 */
export function segmentsAfter(
  c: Context,
  marker: string,
): { segments: string[]; trailingSlash: boolean } {
  const path = new URL(c.req.url).pathname;
  const at = path.indexOf(marker);
  const rest = at < 0 ? '' : path.slice(at + marker.length);
  const trailingSlash = rest.endsWith('/');
  const parts = rest.split('/').filter((p) => p !== '');
  try {
    return { segments: parts.map((p) => decodeURIComponent(p)), trailingSlash };
  } catch {
    throw new ApiError(400, 'Invalid path', 'The path is not valid percent-encoded UTF-8.');
  }
}

export const commitNotFound = (revision: string) =>
  new ApiError(404, 'Commit not found', `No commit matches the revision "${revision}".`);

/** A revision (branch, tag, full or abbreviated hash) as a commit, or Bitbucket's 404. */
export function resolveRevision(content: RepositoryContent, revision: string): CommitObject {
  const commit = content.resolve(revision);
  if (!commit) throw commitNotFound(revision);
  return commit;
}
