// GET …/src: the main branch redirect, directory listings, meta objects and raw files, with Bitbucket's quirks.
import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../auth/caller';
import { requireScope } from '../auth/scopes';
import type { EmulatorContext } from '../emulator-context';
import { contentTypeOf } from '../git/media-types';
import { isBinary } from '../git/objects';
import type { CommitObject } from '../git/objects';
import type { DirectoryChild } from '../git/repository-content';
import { ApiError } from './api-error';
import { ContentRepresentations, renderPlain } from './content-representations';
import { renderMarkdown } from './markdown-html';
import type { CommitDirectory, CommitFile } from '@pail/shared/bitbucket';
import { entityTag, noneMatch, notModified } from './entity-tags';
import { applyListQuery } from './list-query';
import { paginate } from './pagination';
import { commitNotFound, repositoryInPath, segmentsAfter } from './repository-access';
import type { RepositoryInPath } from './repository-access';

const MARKDOWN = new Set(['md', 'markdown', 'mkd', 'mkdn', 'mdown']);
/** The extensions swagger lists for `format=rendered`. */
const RENDERABLE = new Set([...MARKDOWN, 'text', 'rst', 'textile']);

const noSuchPath = (path: string) => new ApiError(404, `No such file or directory: ${path}`);

/** `filename="…"` with an ASCII fallback, plus RFC 5987 `filename*` when the name is not plain ASCII. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  if (ascii === name) return `attachment; filename="${name}"`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function maxDepth(value: string | undefined): number {
  if (value === undefined || value === '') return 1;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new ApiError(400, 'Invalid max_depth', 'max_depth must be a positive integer.');
  }
  return Math.min(Number(value), 100);
}

export function sourceRoutes(
  ctx: EmulatorContext,
  authenticated: MiddlewareHandler<ApiEnv>,
): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const represent = new ContentRepresentations(ctx);
  const base = '/2.0/repositories/:workspace/:repo/src';

  app.get(base, authenticated, requireScope('repository'), (c) => {
    const where = repositoryInPath(ctx, c);
    const head = where.content.mainHead();
    return c.redirect(`${where.apiBase}/src/${head.hash}/`, 302);
  });

  app.get(`${base}/*`, authenticated, requireScope('repository'), (c) => {
    const where = repositoryInPath(ctx, c);
    const { segments, trailingSlash } = segmentsAfter(c, '/src/');
    const [revision, ...rest] = segments;
    if (revision === undefined) {
      return c.redirect(`${where.apiBase}/src/${where.content.mainHead().hash}/`, 302);
    }
    // A branch name with a slash is never a revision here, even percent-encoded, as on Bitbucket.
    const commit = revision.includes('/') ? undefined : where.content.resolve(revision);
    if (!commit) throw commitNotFound(revision);
    const path = rest.join('/');
    const format = c.req.query('format');
    const snapshot = commit.snapshot;
    const entry = snapshot.get(path);
    if (entry && path !== '') {
      if (trailingSlash) throw noSuchPath(`${path}/`);
      if (format === 'meta') return c.json(represent.file(where, commit.hash, path, entry));
      if (format === 'rendered') return c.json(rendered(path, entry.blob.bytes));
      return rawFile(c, path, entry.blob.bytes, entry.mode, entry.blob.id);
    }
    if (!where.content.isDirectory(snapshot, path)) throw noSuchPath(path);
    // Without the trailing slash a directory (the root included) answers its meta object, not a listing.
    if (format === 'meta' || !trailingSlash) {
      return c.json(represent.directory(where, commit.hash, path));
    }
    return c.json(listing(c, where, commit, path, maxDepth(c.req.query('max_depth'))));
  });

  /** `?format=rendered`: Markdown as HTML, the other markup types swagger lists as escaped text. */
  function rendered(path: string, bytes: Uint8Array) {
    const ext = /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase() ?? '';
    if (!RENDERABLE.has(ext) || isBinary(bytes)) {
      throw new ApiError(
        400,
        'Unsupported format',
        `format=rendered supports ${[...RENDERABLE].map((e) => `.${e}`).join(', ')} files.`,
      );
    }
    const raw = new TextDecoder().decode(bytes);
    const markdown = MARKDOWN.has(ext);
    return {
      raw,
      markup: markdown ? 'markdown' : 'plaintext',
      html: markdown ? renderMarkdown(raw) : renderPlain(raw),
      type: 'rendered',
    };
  }

  function listing(
    c: Context<ApiEnv>,
    where: RepositoryInPath,
    commit: CommitObject,
    path: string,
    depth: number,
  ) {
    const entries: (CommitFile | CommitDirectory)[] = [];
    const walk = (dir: string, level: number) => {
      for (const child of where.content.children(commit.snapshot, dir) ?? []) {
        entries.push(toEntry(where, commit, child));
        if (child.kind === 'directory' && level < depth) walk(child.path, level + 1);
      }
    };
    walk(path, 1);
    const listed = applyListQuery('commit_file', entries, {
      q: c.req.query('q'),
      sort: c.req.query('sort'),
    });
    return paginate(ctx.origin, c.req.url, listed);
  }

  function toEntry(where: RepositoryInPath, commit: CommitObject, child: DirectoryChild) {
    return child.kind === 'file'
      ? represent.file(where, commit.hash, child.path, child.entry)
      : represent.directory(where, commit.hash, child.path);
  }

  function rawFile(
    c: Context<ApiEnv>,
    path: string,
    bytes: Uint8Array,
    mode: string,
    blobId: string,
  ): Response {
    // Content and attributes only: the same file has the same tag at every commit and every path.
    const tag = entityTag(blobId, mode);
    const name = path.split('/').pop() as string;
    const headers = {
      'content-type': contentTypeOf(path, isBinary(bytes)),
      'content-disposition': contentDisposition(name),
      'x-content-type-options': 'nosniff',
      'cache-control': 'max-age=900',
    };
    if (noneMatch(c.req.header('if-none-match'), tag)) return notModified(tag);
    return new Response(bytes as Uint8Array<ArrayBuffer>, {
      status: 200,
      headers: { ...headers, etag: tag, 'content-length': String(bytes.byteLength) },
    });
  }

  return app;
}
