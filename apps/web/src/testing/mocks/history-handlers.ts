// MSW handlers for history, commits, diffs, branches, tags and pull requests of the fixtures' repository.
import type { Commit, Diffstat } from '@pail/shared/bitbucket';
import { http, HttpResponse } from 'msw';
import { BITBUCKET_API } from './fixtures';
import { bitbucketError, paginate, withCsrf } from './handlers';
import {
  HEAD_DIFF,
  HEAD_DIFFSTAT,
  HEAD_HASH,
  HISTORY_REPO,
  HISTORY_WORKSPACE,
  HUGE_DIFFSTAT,
  HUGE_HASH,
  MERGE_HASH,
  SMALL_DIFFSTAT,
  branches,
  commitsTouching,
  developCommits,
  mainCommits,
  pullRequests,
  smallDiff,
  tags,
} from './history-fixtures';

const REPOSITORY = '/api/2.0/repositories/:workspace/:repo';

const isHistoryRepository = (params: Record<string, unknown>) =>
  params.workspace === HISTORY_WORKSPACE && params.repo === HISTORY_REPO;

const allCommits = [...mainCommits, ...developCommits];

/** `include=` names a branch, a tag, or a commit (by full or abbreviated hash). */
function historyOf(ref: string): Commit[] | undefined {
  if (ref === 'main' || ref === 'feature/dark-mode' || ref === 'bugfix/PAIL-42/login-redirect')
    return mainCommits;
  if (ref === 'develop') return developCommits;
  const tag = tags.find((candidate) => candidate.name === ref);
  const start = tag?.target?.hash ?? ref;
  const index = mainCommits.findIndex((candidate) => candidate.hash?.startsWith(start));
  if (index !== -1 && start.length >= 7) return mainCommits.slice(index);
  return undefined;
}

function findCommit(spec: string): Commit | undefined {
  if (spec.length < 7) return undefined;
  return allCommits.find((candidate) => candidate.hash?.startsWith(spec.toLowerCase()));
}

function diffstatFor(hash: string): Diffstat[] {
  if (hash === HEAD_HASH) return HEAD_DIFFSTAT;
  if (hash === HUGE_HASH) return HUGE_DIFFSTAT;
  if (hash === MERGE_HASH) return [];
  return SMALL_DIFFSTAT;
}

function diffFor(hash: string): string | 'too large' {
  if (hash === HEAD_HASH) return HEAD_DIFF;
  if (hash === HUGE_HASH) return 'too large';
  if (hash === MERGE_HASH) return '';
  return smallDiff(hash);
}

/** The `q` form the lists send: `name ~ "term"`. */
function readContainsFilter(q: string): string | undefined {
  const match = /^name ~ "((?:[^"\\]|\\.)*)"$/.exec(q);
  return match ? match[1]!.replace(/\\(.)/g, '$1').toLowerCase() : undefined;
}

const natural = new Intl.Collator('en', { numeric: true });

function refList(kind: 'branches' | 'tags') {
  return withCsrf(({ request, params }) => {
    if (!isHistoryRepository(params)) return undefined;
    const url = new URL(request.url);
    let values = kind === 'branches' ? branches : tags;
    const q = url.searchParams.get('q');
    if (q) {
      const term = readContainsFilter(q);
      if (term === undefined) return bitbucketError(400, 'Invalid query', `Could not parse ${q}`);
      values = values.filter((ref) => ref.name?.toLowerCase().includes(term));
    }
    const sort = url.searchParams.get('sort');
    if (sort === 'name' || sort === '-name') {
      values = [...values].sort(
        (a, b) => natural.compare(a.name ?? '', b.name ?? '') * (sort === '-name' ? -1 : 1),
      );
    } else if (sort === '-target.date' || sort === 'target.date') {
      values = [...values].sort(
        (a, b) =>
          (a.target?.date ?? '').localeCompare(b.target?.date ?? '') *
          (sort === '-target.date' ? -1 : 1),
      );
    } else if (sort) {
      return bitbucketError(400, `Invalid sort field: ${sort}`);
    }
    return HttpResponse.json(paginate(values, request.url));
  });
}

export const historyHandlers = [
  http.get(
    `${REPOSITORY}/commits`,
    withCsrf(({ request, params }) => {
      if (!isHistoryRepository(params)) return undefined;
      const url = new URL(request.url);
      const ref = url.searchParams.get('include') ?? 'main';
      let history = historyOf(ref);
      if (!history) return bitbucketError(404, `Commit not found: ${ref}`);
      const path = url.searchParams.get('path');
      if (path) {
        const touching = commitsTouching[path] ?? [];
        history = history.filter((candidate) => touching.includes(candidate.hash ?? ''));
      }
      // Iterator paging: an opaque `page` token and `next` only while more remain; no `size`.
      const pagelen = Math.min(100, Number(url.searchParams.get('pagelen')) || 10);
      const offset = Number(url.searchParams.get('page')?.replace(/^it-/, '') ?? 0) || 0;
      const next = new URL(
        `${BITBUCKET_API}/2.0/repositories/${HISTORY_WORKSPACE}/${HISTORY_REPO}/commits`,
      );
      next.search = url.search;
      next.searchParams.set('page', `it-${offset + pagelen}`);
      return HttpResponse.json({
        pagelen,
        values: history.slice(offset, offset + pagelen),
        ...(offset + pagelen < history.length ? { next: next.href } : {}),
      });
    }),
  ),

  http.get(
    `${REPOSITORY}/commit/:spec`,
    withCsrf(({ params }) => {
      if (!isHistoryRepository(params)) return undefined;
      const found = findCommit(String(params.spec));
      if (!found) return bitbucketError(404, `Commit not found`);
      return HttpResponse.json(found);
    }),
  ),

  http.get(
    `${REPOSITORY}/diff/:spec`,
    withCsrf(({ params }) => {
      if (!isHistoryRepository(params)) return undefined;
      const found = findCommit(String(params.spec));
      if (!found?.hash) return bitbucketError(404, `Commit not found`);
      const diff = diffFor(found.hash);
      if (diff === 'too large') return bitbucketError(555, 'Service Timeout');
      return new HttpResponse(diff, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    }),
  ),

  http.get(
    `${REPOSITORY}/diffstat/:spec`,
    withCsrf(({ request, params }) => {
      if (!isHistoryRepository(params)) return undefined;
      const found = findCommit(String(params.spec));
      if (!found?.hash) return bitbucketError(404, `Commit not found`);
      return HttpResponse.json(paginate(diffstatFor(found.hash), request.url, 500));
    }),
  ),

  http.get(`${REPOSITORY}/refs/branches`, refList('branches')),
  http.get(`${REPOSITORY}/refs/tags`, refList('tags')),

  http.get(
    `${REPOSITORY}/pullrequests`,
    withCsrf(({ request, params }) => {
      if (!isHistoryRepository(params)) return undefined;
      const url = new URL(request.url);
      const states = url.searchParams.getAll('state');
      const wanted = states.length > 0 ? states : ['OPEN'];
      // List items omit reviewers and participants, as Bitbucket's do.
      const values = pullRequests
        .filter((candidate) => wanted.includes(candidate.state ?? ''))
        .map(({ reviewers: _reviewers, participants: _participants, ...rest }) => rest);
      return HttpResponse.json(paginate(values, request.url));
    }),
  ),

  http.get(
    `${REPOSITORY}/pullrequests/:id`,
    withCsrf(({ params }) => {
      if (!isHistoryRepository(params)) return undefined;
      const found = pullRequests.find((candidate) => String(candidate.id) === params.id);
      if (!found) return bitbucketError(404, `Pull request ${String(params.id)} not found`);
      return HttpResponse.json(found);
    }),
  ),

  // Bitbucket answers these with a 302 to `diff/…`/`diffstat/…`; the BFF follows it, so the SPA sees the diff.
  http.get(
    `${REPOSITORY}/pullrequests/:id/diff`,
    withCsrf(({ params }) => {
      if (!isHistoryRepository(params)) return undefined;
      if (!pullRequests.some((candidate) => String(candidate.id) === params.id)) {
        return bitbucketError(404, `Pull request ${String(params.id)} not found`);
      }
      return new HttpResponse(HEAD_DIFF, {
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      });
    }),
  ),
  http.get(
    `${REPOSITORY}/pullrequests/:id/diffstat`,
    withCsrf(({ request, params }) => {
      if (!isHistoryRepository(params)) return undefined;
      if (!pullRequests.some((candidate) => String(candidate.id) === params.id)) {
        return bitbucketError(404, `Pull request ${String(params.id)} not found`);
      }
      return HttpResponse.json(paginate(HEAD_DIFFSTAT, request.url, 500));
    }),
  ),
];
