import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { paginate } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { recordRequests } from '@/testing/record-requests';
import { renderApp } from '@/testing/render-app';

const COUNT = 10_000;
const REPOSITORIES = Array.from({ length: COUNT }, (_, index) => {
  const slug = `service-${String(index).padStart(5, '0')}`;
  return {
    type: 'repository',
    uuid: `{00000000-0000-4000-8000-${String(index).padStart(12, '0')}}`,
    slug,
    name: slug,
    full_name: `bigcorp/${slug}`,
    is_private: true,
    updated_on: new Date(Date.UTC(2026, 0, 1) - index * 60_000).toISOString(),
    links: {},
  };
});

beforeEach(() => {
  server.use(
    http.get('/api/2.0/workspaces/bigcorp', () =>
      HttpResponse.json({ type: 'workspace', slug: 'bigcorp', name: 'BigCorp', links: {} }),
    ),
    http.get('/api/2.0/repositories/bigcorp', ({ request }) => {
      const q = new URL(request.url).searchParams.get('q');
      const term = q ? /^name ~ "(.*)"$/.exec(q)?.[1] : undefined;
      const values = term ? REPOSITORIES.filter((repo) => repo.name.includes(term)) : REPOSITORIES;
      return HttpResponse.json(paginate(values, request.url));
    }),
  );
});

const repositoryCalls = (requests: ReturnType<typeof recordRequests>) =>
  requests.filter((request) => request.url.pathname === '/api/2.0/repositories/bigcorp');

describe('a workspace with 10,000 repositories', { timeout: 30_000 }, () => {
  it('shows its first page from one request, and searches on the server', async () => {
    const requests = recordRequests();
    const { user } = renderApp('/bigcorp');

    const list = await screen.findByRole('list', { name: 'Repositories' }, { timeout: 10_000 });
    expect(within(list).getAllByRole('listitem')).toHaveLength(25);
    expect(screen.getByText('Page 1 of 400')).toBeInTheDocument();
    expect(repositoryCalls(requests)).toHaveLength(1);

    await user.type(screen.getByRole('searchbox', { name: 'Search repositories' }), '09999');
    await waitFor(() =>
      expect(
        within(screen.getByRole('list', { name: 'Repositories' })).getAllByRole('listitem'),
      ).toHaveLength(1),
    );
    const calls = repositoryCalls(requests);
    expect(calls.at(-1)?.url.searchParams.get('q')).toBe('name ~ "09999"');
    // Typing is debounced: the search is one request, not one per key.
    expect(calls).toHaveLength(2);
  });
});
