import { configure, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { bitbucketError, paginate } from '@/testing/mocks/handlers';
import { manyOpenPullRequests } from '@/testing/mocks/history-fixtures';
import { server } from '@/testing/mocks/server';
import { recordRequests, requestsTo } from '@/testing/record-requests';
import { renderApp } from '@/testing/render-app';

// Each page is a lazily loaded route: give the first render time on a busy machine.
configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 20_000 });

const PULL_REQUESTS = '/api/2.0/repositories/acme/gadgets/pullrequests';

const rowsOf = async (name: string) =>
  within(await screen.findByRole('list', { name })).getAllByRole('listitem');

describe('the pull-request list', () => {
  it('shows open pull requests by default, with author, branches, update time, draft marker and comments', async () => {
    const requests = recordRequests();
    renderApp('/acme/gadgets/pull-requests');

    const rows = await rowsOf('Open pull requests');
    expect(rows).toHaveLength(2);
    const [darkMode, draft] = rows;
    expect(
      within(darkMode!).getByRole('link', { name: 'Dark mode for the catalogue' }),
    ).toHaveAttribute('href', '/acme/gadgets/pull-requests/12');
    expect(darkMode).toHaveTextContent('#12 by Alice Marchetti');
    expect(darkMode).toHaveTextContent('From feature/dark-mode→into main');
    expect(darkMode).toHaveTextContent('3 comments');
    expect(within(darkMode!).getByText(/^updated /).tagName).toBe('TIME');
    expect(within(darkMode!).queryByText('Draft')).not.toBeInTheDocument();
    expect(within(draft!).getByText('Draft')).toBeInTheDocument();
    expect(draft).toHaveTextContent('1 comment');
    expect(draft).toHaveTextContent('From bugfix/PAIL-42/login-redirect→into develop');

    const nav = screen.getByRole('navigation', { name: 'Pull request state' });
    expect(within(nav).getByRole('link', { name: 'Open' })).toHaveAttribute('aria-current', 'page');
    const request = requestsTo(requests, PULL_REQUESTS).at(-1)!;
    expect(request.url.searchParams.getAll('state')).toEqual(['OPEN']);
    await waitFor(() => expect(document.title).toBe('Open pull requests · acme/gadgets · Pail'));
  });

  it('filters by state through the URL', async () => {
    const requests = recordRequests();
    const { user, currentSearchParams } = renderApp('/acme/gadgets/pull-requests');
    await rowsOf('Open pull requests');

    await user.click(screen.getByRole('link', { name: 'Merged' }));

    await waitFor(() => expect(currentSearchParams().get('state')).toBe('MERGED'));
    const merged = await rowsOf('Merged pull requests');
    expect(merged).toHaveLength(1);
    expect(merged[0]).toHaveTextContent('Fix the date format in receipts');
    expect(requestsTo(requests, PULL_REQUESTS).at(-1)!.url.searchParams.getAll('state')).toEqual([
      'MERGED',
    ]);
    expect(screen.getByRole('link', { name: 'Merged' })).toHaveAttribute('aria-current', 'page');

    await user.click(screen.getByRole('link', { name: 'Declined' }));
    expect((await rowsOf('Declined pull requests'))[0]).toHaveTextContent(
      'Rewrite pricing in Rust',
    );
    await user.click(screen.getByRole('link', { name: 'Superseded' }));
    expect((await rowsOf('Superseded pull requests'))[0]).toHaveTextContent(
      'Old take on the registry',
    );

    await user.click(screen.getByRole('link', { name: 'Open' }));
    await waitFor(() => expect(currentSearchParams().has('state')).toBe(false));
    expect(await rowsOf('Open pull requests')).toHaveLength(2);
  });

  it('reads a lower-case state and ignores an unknown one', async () => {
    renderApp('/acme/gadgets/pull-requests?state=declined');
    expect(await rowsOf('Declined pull requests')).toHaveLength(1);
  });

  it('pages through many pull requests', async () => {
    const many = manyOpenPullRequests(30);
    server.use(
      http.get(PULL_REQUESTS, ({ request }) => HttpResponse.json(paginate(many, request.url))),
    );
    const requests = recordRequests();
    const { user, currentSearchParams } = renderApp('/acme/gadgets/pull-requests');
    expect(await rowsOf('Open pull requests')).toHaveLength(25);
    expect(screen.getByText('Page 1 of 2')).toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: 'Next page' }));

    await waitFor(() => expect(currentSearchParams().get('page')).toBe('2'));
    await waitFor(async () => expect(await rowsOf('Open pull requests')).toHaveLength(5));
    expect(requestsTo(requests, PULL_REQUESTS).at(-1)!.url.searchParams.get('page')).toBe('2');
  });

  it('says when there are none in a state', async () => {
    server.use(
      http.get(PULL_REQUESTS, () =>
        HttpResponse.json({ size: 0, page: 1, pagelen: 25, values: [] }),
      ),
    );
    renderApp('/acme/gadgets/pull-requests');
    expect(
      await screen.findByRole('heading', { name: 'No open pull requests' }),
    ).toBeInTheDocument();
  });

  it('shows a loading state', async () => {
    renderApp('/acme/gadgets/pull-requests');
    expect(await screen.findByText('Loading pull requests…')).toBeInTheDocument();
    expect(await rowsOf('Open pull requests')).toHaveLength(2);
  });

  it('names the missing scope when the sign-in cannot read pull requests', async () => {
    server.use(
      http.get(PULL_REQUESTS, () =>
        bitbucketError(403, 'Your credentials lack one or more required privilege scopes.', {
          required: ['pullrequest'],
          granted: ['account', 'repository'],
        }),
      ),
    );
    renderApp('/acme/gadgets/pull-requests');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('pullrequest');
  });
});
