import { configure, screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { bitbucketError } from '@/testing/mocks/handlers';
import { hashFor } from '@/testing/mocks/history-fixtures';
import { server } from '@/testing/mocks/server';
import { recordRequests, requestsTo } from '@/testing/record-requests';
import { renderApp } from '@/testing/render-app';

// Each page is a lazily loaded route: give the first render time on a busy machine.
configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 20_000 });

const BRANCHES = '/api/2.0/repositories/acme/gadgets/refs/branches';
const TAGS = '/api/2.0/repositories/acme/gadgets/refs/tags';

const rowsOf = async (name: string) =>
  within(await screen.findByRole('list', { name })).getAllByRole('listitem');
const namesOf = async (name: string) =>
  (await rowsOf(name)).map((row) => within(row).getAllByRole('link')[0]!.textContent);

describe('branches', () => {
  it('lists branches in natural name order with their last commit, links and the main branch marked', async () => {
    const requests = recordRequests();
    renderApp('/acme/gadgets/branches');

    expect(await namesOf('Branches')).toEqual([
      'bugfix/PAIL-42/login-redirect',
      'develop',
      'feature/dark-mode',
      'main',
      'release/2.x',
    ]);
    const rows = await rowsOf('Branches');
    const main = rows[3]!;
    expect(within(main).getByText('Main branch')).toBeInTheDocument();
    expect(within(rows[0]!).queryByText('Main branch')).not.toBeInTheDocument();
    expect(within(main).getByRole('link', { name: 'main' })).toHaveAttribute(
      'href',
      '/acme/gadgets/src/main',
    );
    expect(within(main).getByRole('link', { name: 'Source of main' })).toHaveAttribute(
      'href',
      '/acme/gadgets/src/main',
    );
    expect(within(main).getByRole('link', { name: 'History of main' })).toHaveAttribute(
      'href',
      '/acme/gadgets/commits/branch/main',
    );
    const hash = hashFor(2);
    expect(within(main).getByRole('link', { name: hash.slice(0, 7) })).toHaveAttribute(
      'href',
      `/acme/gadgets/commits/${hash}`,
    );
    expect(main).toHaveTextContent('Grace Hopper');
    expect(main).not.toHaveTextContent('grace@example.com');
    expect(within(main).getByText(/^committed /).tagName).toBe('TIME');

    const bugfix = rows[0]!;
    expect(
      within(bugfix).getByRole('link', { name: 'History of bugfix/PAIL-42/login-redirect' }),
    ).toHaveAttribute('href', '/acme/gadgets/commits/branch/bugfix/PAIL-42/login-redirect');
    expect(screen.getByText('5 branches')).toBeInTheDocument();
    const request = requestsTo(requests, BRANCHES).at(-1)!;
    expect(request.url.searchParams.get('sort')).toBe('name');
    expect(request.url.searchParams.get('pagelen')).toBe('25');
    await waitFor(() => expect(document.title).toBe('Branches · acme/gadgets · Pail'));
  });

  it('searches by name on the server, escaping quotes, and keeps the search in the URL', async () => {
    const requests = recordRequests();
    const { user, currentSearchParams } = renderApp('/acme/gadgets/branches');
    await rowsOf('Branches');

    await user.type(screen.getByRole('searchbox', { name: 'Search branches' }), 'PAIL');

    await waitFor(() => expect(currentSearchParams().get('search')).toBe('PAIL'));
    await waitFor(async () =>
      expect(await namesOf('Branches')).toEqual(['bugfix/PAIL-42/login-redirect']),
    );
    expect(requestsTo(requests, BRANCHES).at(-1)!.url.searchParams.get('q')).toBe('name ~ "PAIL"');
    expect(screen.getByText('1 branch matches “PAIL”')).toBeInTheDocument();

    await user.clear(screen.getByRole('searchbox', { name: 'Search branches' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search branches' }), 'a"b');
    expect(
      await screen.findByRole('heading', { name: 'No branches match “a"b”' }),
    ).toBeInTheDocument();
    expect(requestsTo(requests, BRANCHES).at(-1)!.url.searchParams.get('q')).toBe('name ~ "a\\"b"');

    await user.click(screen.getByRole('button', { name: 'Clear search' }));
    await waitFor(() => expect(currentSearchParams().has('search')).toBe(false));
    expect(await rowsOf('Branches')).toHaveLength(5);
  });

  it('sorts by last commit date, newest first', async () => {
    const requests = recordRequests();
    const { user, currentSearchParams } = renderApp('/acme/gadgets/branches');
    await rowsOf('Branches');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'Last commit');

    await waitFor(() => expect(currentSearchParams().get('sort')).toBe('date'));
    await waitFor(async () =>
      expect(await namesOf('Branches')).toEqual([
        'bugfix/PAIL-42/login-redirect',
        'main',
        'feature/dark-mode',
        'develop',
        'release/2.x',
      ]),
    );
    expect(requestsTo(requests, BRANCHES).at(-1)!.url.searchParams.get('sort')).toBe(
      '-target.date',
    );
  });

  it('pages through many branches', async () => {
    const many = Array.from({ length: 30 }, (_, index) => ({
      type: 'branch',
      name: `topic/${index + 1}`,
      target: { type: 'commit', hash: hashFor(index + 1), date: '2026-01-01T00:00:00Z' },
    }));
    server.use(
      http.get(BRANCHES, ({ request }) => {
        const url = new URL(request.url);
        const page = Number(url.searchParams.get('page') ?? 1);
        const values = many.slice((page - 1) * 25, page * 25);
        return Response.json({
          size: 30,
          page,
          pagelen: 25,
          values,
          ...(page === 1
            ? {
                next: `https://api.bitbucket.org/2.0/repositories/acme/gadgets/refs/branches?page=2`,
              }
            : {}),
        });
      }),
    );
    const { user, currentSearchParams } = renderApp('/acme/gadgets/branches');
    expect(await rowsOf('Branches')).toHaveLength(25);
    expect(screen.getByText('Page 1 of 2')).toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: 'Next page' }));

    await waitFor(() => expect(currentSearchParams().get('page')).toBe('2'));
    await waitFor(async () => expect(await rowsOf('Branches')).toHaveLength(5));
    expect(screen.getByText('Page 2 of 2')).toBeInTheDocument();
  });

  it('says when there are no branches', async () => {
    server.use(
      http.get(BRANCHES, () => Response.json({ size: 0, page: 1, pagelen: 25, values: [] })),
    );
    renderApp('/acme/gadgets/branches');
    expect(await screen.findByRole('heading', { name: 'No branches yet' })).toBeInTheDocument();
  });

  it('shows a loading state', async () => {
    renderApp('/acme/gadgets/branches');
    expect(await screen.findByText('Loading branches…')).toBeInTheDocument();
    expect(await rowsOf('Branches')).toHaveLength(5);
  });

  it('explains a failure and retries', async () => {
    server.use(http.get(BRANCHES, () => bitbucketError(502, 'Bad gateway'), { once: true }));
    const { user } = renderApp('/acme/gadgets/branches');
    const alert = await screen.findByRole('alert', { name: 'Could not load branches' });
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await rowsOf('Branches')).toHaveLength(5);
  });
});

describe('tags', () => {
  it('lists tags in natural order, so v1.10.0 comes after v1.2.0', async () => {
    const requests = recordRequests();
    renderApp('/acme/gadgets/tags');

    expect(await namesOf('Tags')).toEqual([
      'v0.9.0',
      'v1.0.0',
      'v1.2.0',
      'v1.10.0',
      'v2.0.0',
      'v2.0.0-rc.1',
    ]);
    const v110 = (await rowsOf('Tags'))[3]!;
    expect(within(v110).getByRole('link', { name: 'History of v1.10.0' })).toHaveAttribute(
      'href',
      '/acme/gadgets/commits/branch/v1.10.0',
    );
    expect(within(v110).getByRole('link', { name: 'Source of v1.10.0' })).toHaveAttribute(
      'href',
      '/acme/gadgets/src/v1.10.0',
    );
    expect(within(v110).queryByText('Main branch')).not.toBeInTheDocument();
    expect(screen.getByText('6 tags')).toBeInTheDocument();
    expect(requestsTo(requests, TAGS).at(-1)!.url.searchParams.get('sort')).toBe('name');
    await waitFor(() => expect(document.title).toBe('Tags · acme/gadgets · Pail'));
  });

  it('reads the search from the URL', async () => {
    const requests = recordRequests();
    renderApp('/acme/gadgets/tags?search=v2');
    expect(await namesOf('Tags')).toEqual(['v2.0.0', 'v2.0.0-rc.1']);
    expect(screen.getByRole('searchbox', { name: 'Search tags' })).toHaveValue('v2');
    expect(requestsTo(requests, TAGS).at(-1)!.url.searchParams.get('q')).toBe('name ~ "v2"');
  });

  it('says when there are no tags', async () => {
    server.use(http.get(TAGS, () => Response.json({ size: 0, page: 1, pagelen: 25, values: [] })));
    renderApp('/acme/gadgets/tags');
    expect(await screen.findByRole('heading', { name: 'No tags yet' })).toBeInTheDocument();
  });
});
