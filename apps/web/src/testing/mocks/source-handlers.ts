// MSW handlers for the source browser: `src` (listings, `format=meta`, raw bytes), `refs` lookups and `commit/{sha}`.
import { http, HttpResponse } from 'msw';
import { bitbucketError, paginate, withCsrf } from './handlers';
import {
  directoryEntry,
  fileEntry,
  findCommit,
  listEntries,
  sourceTrees,
  widgetsBranches,
  widgetsTags,
} from './source-fixtures';

const REPOSITORY = '/api/2.0/repositories/:workspace/:repo';

/** `name = "a" OR name = "b"`, the form the source browser sends; `undefined` for anything else. */
function readNameFilter(q: string): string[] | undefined {
  const names: string[] = [];
  for (const clause of q.split(' OR ')) {
    const match = /^name = "((?:[^"\\]|\\.)*)"$/.exec(clause.trim());
    if (!match) return undefined;
    names.push(match[1]!.replace(/\\(.)/g, '$1'));
  }
  return names;
}

function refList(kind: 'branches' | 'tags') {
  return withCsrf(({ request, params }) => {
    if (params.workspace !== 'acme' || params.repo !== 'widgets') return undefined;
    const url = new URL(request.url);
    const refs = kind === 'branches' ? widgetsBranches : widgetsTags;
    const q = url.searchParams.get('q');
    let values = refs;
    if (q) {
      const names = readNameFilter(q);
      if (!names) return undefined;
      values = refs.filter((ref) => names.includes(ref.name ?? ''));
    }
    const sort = url.searchParams.get('sort');
    if (sort) {
      const collator = new Intl.Collator(undefined, { numeric: true });
      values = [...values].sort(
        (a, b) => collator.compare(a.name ?? '', b.name ?? '') * (sort.startsWith('-') ? -1 : 1),
      );
    }
    return HttpResponse.json(paginate(values, request.url));
  });
}

function contentType(path: string, mimetype: string | null | undefined): string {
  if (path.endsWith('.json')) return 'application/json';
  return mimetype ?? 'application/octet-stream';
}

export const sourceHandlers = [
  http.get(`${REPOSITORY}/refs/branches`, refList('branches')),
  http.get(`${REPOSITORY}/refs/tags`, refList('tags')),

  http.get(
    `${REPOSITORY}/commit/:sha`,
    withCsrf(({ params }) => {
      if (params.workspace !== 'acme' || params.repo !== 'widgets') return undefined;
      const hash = findCommit(String(params.sha));
      if (!hash) return bitbucketError(404, `Commit not found`);
      return HttpResponse.json({ type: 'commit', hash, parents: [], links: {} });
    }),
  ),

  http.get(
    `${REPOSITORY}/src/*`,
    withCsrf(({ request, params }) => {
      if (params.workspace !== 'acme' || params.repo !== 'widgets') {
        return bitbucketError(404, 'Repository not found');
      }
      const url = new URL(request.url);
      const rest = url.pathname.replace(/^\/api\/2\.0\/repositories\/[^/]+\/[^/]+\/src\//, '');
      const [commit = '', ...segments] = rest.split('/');
      const hash = findCommit(commit);
      const files = hash ? sourceTrees[hash] : undefined;
      if (!hash || !files) return bitbucketError(404, `Commit ${commit} not found`);
      const trailingSlash = rest.endsWith('/');
      const path = segments.filter(Boolean).map(decodeURIComponent).join('/');
      const file = files[path];
      const format = url.searchParams.get('format');

      if (file && !trailingSlash) {
        if (format === 'meta') return HttpResponse.json(fileEntry(hash, path, file));
        const body = typeof file.content === 'string' ? file.content : file.content.slice().buffer;
        return new HttpResponse(body, {
          headers: {
            'Content-Type': contentType(path, file.mimetype),
            'Content-Disposition': 'attachment',
          },
        });
      }
      const maxDepth = Number(url.searchParams.get('max_depth')) || 1;
      const entries = listEntries(hash, path, maxDepth);
      if (!entries) return bitbucketError(404, `No such file or directory: ${path}`);
      if (format === 'meta' || (path === '' && !trailingSlash)) {
        return HttpResponse.json(directoryEntry(hash, path));
      }
      return HttpResponse.json(paginate(entries, request.url));
    }),
  ),
];
