// GET …/refs, …/refs/branches[/{name}], …/refs/tags[/{name}]: natural name order, `q`, `sort`, ETags.
import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import type { BitbucketSchemaName } from '@pail/shared/bitbucket/schemas';
import type { ApiEnv } from '../auth/caller';
import { requireScope } from '../auth/scopes';
import type { EmulatorContext } from '../emulator-context';
import { ApiError } from './api-error';
import { ContentRepresentations } from './content-representations';
import { entityTag, noneMatch, notModified } from './entity-tags';
import { applyListQuery } from './list-query';
import { paginate } from './pagination';
import { repositoryInPath, segmentsAfter } from './repository-access';
import type { RepositoryInPath } from './repository-access';

interface NamedRef {
  name?: string;
}

const natural = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** `sort=name` is natural order (v1.10.0 after v1.2.0); other fields go through the common `sort`. */
function listRefs<T extends NamedRef>(
  c: Context<ApiEnv>,
  definition: BitbucketSchemaName,
  refs: readonly T[],
): T[] {
  const sort = c.req.query('sort');
  const nameOf = (ref: NamedRef) => ref.name ?? '';
  const byName = [...refs].sort(
    (a, b) => natural.compare(nameOf(a), nameOf(b)) || (nameOf(a) < nameOf(b) ? -1 : 1),
  );
  if (sort === 'name' || sort === '-name') {
    const filtered = applyListQuery(definition, byName, { q: c.req.query('q'), sort: undefined });
    return sort === 'name' ? filtered : filtered.reverse();
  }
  return applyListQuery(definition, byName, { q: c.req.query('q'), sort });
}

/** JSON with a strong ETag over the body; `If-None-Match` with that tag answers 304. */
function jsonWithTag(c: Context<ApiEnv>, body: unknown): Response {
  const text = JSON.stringify(body);
  const tag = entityTag(text);
  if (noneMatch(c.req.header('if-none-match'), tag)) return notModified(tag);
  return c.body(text, 200, { 'content-type': 'application/json', etag: tag });
}

export function refRoutes(
  ctx: EmulatorContext,
  authenticated: MiddlewareHandler<ApiEnv>,
): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const represent = new ContentRepresentations(ctx);
  const refsPath = '/2.0/repositories/:workspace/:repo/refs';

  const branches = (where: RepositoryInPath) =>
    [...where.content.branches].flatMap(([name, hash]) => {
      const target = where.content.commit(hash);
      return target ? [represent.branch(where, name, target)] : [];
    });
  const tags = (where: RepositoryInPath) =>
    [...where.content.tags.values()].flatMap((tag) => {
      const target = where.content.commit(tag.target);
      return target ? [represent.tag(where, tag, target)] : [];
    });

  app.get(refsPath, authenticated, requireScope('repository'), (c) => {
    const where = repositoryInPath(ctx, c);
    const refs = listRefs(c, 'ref', [...branches(where), ...tags(where)]);
    return jsonWithTag(c, paginate(ctx.origin, c.req.url, refs));
  });

  app.get(`${refsPath}/branches`, authenticated, requireScope('repository'), (c) => {
    const where = repositoryInPath(ctx, c);
    return jsonWithTag(c, paginate(ctx.origin, c.req.url, listRefs(c, 'branch', branches(where))));
  });

  app.get(`${refsPath}/tags`, authenticated, requireScope('repository'), (c) => {
    const where = repositoryInPath(ctx, c);
    return jsonWithTag(c, paginate(ctx.origin, c.req.url, listRefs(c, 'tag', tags(where))));
  });

  app.get(`${refsPath}/branches/*`, authenticated, requireScope('repository'), (c) => {
    const where = repositoryInPath(ctx, c);
    const name = segmentsAfter(c, '/refs/branches/').segments.join('/');
    const hash = where.content.branches.get(name);
    const target = hash ? where.content.commit(hash) : undefined;
    if (!target) throw new ApiError(404, `Branch "${name}" does not exist.`);
    return jsonWithTag(c, represent.branch(where, name, target));
  });

  app.get(`${refsPath}/tags/*`, authenticated, requireScope('repository'), (c) => {
    const where = repositoryInPath(ctx, c);
    const name = segmentsAfter(c, '/refs/tags/').segments.join('/');
    const tag = where.content.tags.get(name);
    const target = tag ? where.content.commit(tag.target) : undefined;
    if (!tag || !target) throw new ApiError(404, `Tag "${name}" does not exist.`);
    return jsonWithTag(c, represent.tag(where, tag, target));
  });

  return app;
}
