import { act, screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { bitbucketError } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { recordRequests, requestsTo } from '@/testing/record-requests';
import { renderApp } from '@/testing/render-app';

const REPOS = '/api/2.0/repositories/acme';

const rows = async () => {
  const list = await screen.findByRole('list', { name: 'Repositories' });
  return within(list).getAllByRole('listitem');
};
const rowNames = async () =>
  (await rows()).map((row) => within(row).getAllByRole('link')[0]!.textContent);
const lastRequest = (requests: ReturnType<typeof recordRequests>) =>
  requestsTo(requests, REPOS).at(-1)!;

/** Holds the next repositories request until `release()`, then lets the default handler answer it. */
function holdNextRepositoriesRequest() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  server.use(http.get(REPOS, () => released.then(() => undefined), { once: true }));
  // The held response lands whenever MSW resumes; the test's next findBy* waits for what it renders.
  return { release: async () => release() };
}

describe("a workspace's repositories", () => {
  it('shows the workspace and one row per repository, newest first', async () => {
    const requests = recordRequests();
    renderApp('/acme');

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Acme Corporation' }),
    ).toBeInTheDocument();
    const items = await rows();
    expect(items).toHaveLength(25);
    expect(within(items[0]!).getByRole('link')).toHaveTextContent('billing-service');

    const widgets = items.find((row) => within(row).queryByRole('link', { name: 'widgets' }))!;
    expect(within(widgets).getByRole('link', { name: 'widgets' })).toHaveAttribute(
      'href',
      '/acme/widgets',
    );
    expect(widgets).toHaveTextContent('The widget catalogue and its pricing rules.');
    expect(widgets).toHaveTextContent('TypeScript');
    expect(widgets).toHaveTextContent('Private');
    expect(widgets).toHaveTextContent('Web');
    const updated = within(widgets).getByText('Updated 3 days ago');
    expect(updated.tagName).toBe('TIME');
    expect(updated).toHaveAttribute('dateTime', expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    expect(updated).toHaveAttribute('title');

    expect(screen.getByText('30 repositories')).toBeInTheDocument();
    expect(screen.getByText('Page 1 of 2')).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('Acme Corporation · Pail'));

    const request = lastRequest(requests);
    expect(request.url.searchParams.get('pagelen')).toBe('25');
    expect(request.url.searchParams.get('page')).toBe('1');
    expect(request.url.searchParams.get('sort')).toBe('-updated_on');
    expect(request.url.searchParams.has('q')).toBe(false);
  });

  it('marks public repositories as public', async () => {
    renderApp('/acme?search=design');
    const [row] = await rows();
    expect(row).toHaveTextContent('design-system');
    expect(row).toHaveTextContent('Public');
  });

  it('searches on the server as you type, keeping the search in the URL', async () => {
    const requests = recordRequests();
    const { user, currentSearchParams } = renderApp('/acme');
    await rows();

    await user.type(screen.getByRole('searchbox', { name: 'Search repositories' }), 'wid');

    await waitFor(() => expect(currentSearchParams().get('search')).toBe('wid'));
    await waitFor(async () => expect(await rowNames()).toEqual(['widgets', 'widget-sdk']));
    expect(lastRequest(requests).url.searchParams.get('q')).toBe('name ~ "wid"');
    expect(screen.getByText('2 repositories match “wid”')).toBeInTheDocument();
    // Debounced: one request for the whole word, not one per keystroke.
    expect(requestsTo(requests, REPOS).filter((r) => r.url.searchParams.has('q'))).toHaveLength(1);
  });

  it('escapes quotes and backslashes inside the q string', async () => {
    const requests = recordRequests();
    const { user, currentSearchParams } = renderApp('/acme');
    await rows();

    await user.type(screen.getByRole('searchbox', { name: 'Search repositories' }), 'a"b\\');

    await waitFor(() => expect(currentSearchParams().get('search')).toBe('a"b\\'));
    await screen.findByText('No repositories match “a"b\\”');
    expect(lastRequest(requests).url.searchParams.get('q')).toBe('name ~ "a\\"b\\\\"');
  });

  it('reads search, sort and page from the URL', async () => {
    const requests = recordRequests();
    renderApp('/acme?search=wid&sort=name');

    expect(await rowNames()).toEqual(['widget-sdk', 'widgets']);
    expect(screen.getByRole('searchbox', { name: 'Search repositories' })).toHaveValue('wid');
    expect(screen.getByRole('combobox', { name: 'Sort by' })).toHaveValue('name');
    expect(lastRequest(requests).url.searchParams.get('sort')).toBe('name');
  });

  it('sorts by name through `sort=` and the URL', async () => {
    const requests = recordRequests();
    const { user, currentSearchParams } = renderApp('/acme');
    await rows();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'Name');

    await waitFor(() => expect(currentSearchParams().get('sort')).toBe('name'));
    await waitFor(async () => expect((await rowNames())[0]).toBe('analytics-dashboard'));
    expect(lastRequest(requests).url.searchParams.get('sort')).toBe('name');
  });

  it('pages with Next and Previous, keeping the page in the URL', async () => {
    const requests = recordRequests();
    const { user, currentSearchParams } = renderApp('/acme');
    await rows();

    await user.click(screen.getByRole('link', { name: 'Next page' }));

    await waitFor(() => expect(currentSearchParams().get('page')).toBe('2'));
    expect(await screen.findByText('Page 2 of 2')).toBeInTheDocument();
    await waitFor(async () => expect(await rows()).toHaveLength(5));
    expect(lastRequest(requests).url.searchParams.get('page')).toBe('2');
    expect(screen.queryByRole('link', { name: 'Next page' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: 'Previous page' }));
    await waitFor(() => expect(currentSearchParams().has('page')).toBe(false));
    expect(await screen.findByText('Page 1 of 2')).toBeInTheDocument();
  });

  it('shows an empty state when nothing matches, with a way back', async () => {
    const { user, currentSearchParams } = renderApp('/acme?search=zzz');

    expect(
      await screen.findByRole('heading', { name: 'No repositories match “zzz”' }),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Clear search' }));

    await waitFor(() => expect(currentSearchParams().has('search')).toBe(false));
    expect(await rows()).toHaveLength(25);
    expect(screen.getByRole('searchbox', { name: 'Search repositories' })).toHaveValue('');
  });

  it('says when a workspace has no repositories at all', async () => {
    renderApp('/umbrella');
    expect(await screen.findByRole('heading', { name: 'No repositories yet' })).toBeInTheDocument();
  });

  it('explains a failure and retries on request', async () => {
    server.use(http.get(REPOS, () => bitbucketError(500, 'Internal Server Error'), { once: true }));
    const { user } = renderApp('/acme');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load repositories');
    expect(alert).toHaveTextContent('Internal Server Error');
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));

    expect(await rows()).toHaveLength(25);
  });

  it('names the Bitbucket permission that is missing on a 403', async () => {
    server.use(
      http.get(REPOS, () =>
        bitbucketError(403, 'Your credentials lack one or more required privilege scopes.', {
          required: ['repository'],
          granted: ['account'],
        }),
      ),
    );
    renderApp('/acme');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Pail needs more access to Bitbucket');
    expect(alert).toHaveTextContent(
      'Loading repositories needs the Bitbucket permission repository, which this sign-in was not granted.',
    );
    expect(alert).toHaveTextContent('Granted now: account.');
    expect(within(alert).getByRole('link', { name: 'Sign in again' })).toHaveAttribute(
      'href',
      '/bff/login?returnTo=%2Facme',
    );
  });

  it('tells how long to wait when rate limited', async () => {
    server.use(
      http.get(REPOS, () =>
        bitbucketError(429, 'Rate limit for this resource has been exceeded.', undefined, {
          'Retry-After': '30',
        }),
      ),
    );
    renderApp('/acme');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("Bitbucket's rate limit was reached");
    expect(alert).toHaveTextContent('Try again in 30 s.');
  });

  it('says when the workspace does not exist', async () => {
    renderApp('/no-such-workspace');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Workspace not found');
    expect(alert).toHaveTextContent('There is no workspace “no-such-workspace”');
    expect(within(alert).getByRole('link', { name: 'Go to your workspaces' })).toHaveAttribute(
      'href',
      '/',
    );
  });

  it('names the tab after what the page says when the workspace does not exist', async () => {
    renderApp('/no-such-workspace');
    await screen.findByRole('alert');
    await waitFor(() => expect(document.title).toBe('Workspace not found · Pail'));
  });

  it('goes back to the page you were on before searching, and refining a search adds no history', async () => {
    const { user, router, currentUrl } = renderApp('/acme');
    await rows();
    await user.click(screen.getByRole('link', { name: 'Next page' }));
    await waitFor(() => expect(currentUrl()).toBe('/acme?page=2'));

    const searchbox = screen.getByRole('searchbox', { name: 'Search repositories' });
    await user.type(searchbox, 'wid');
    await waitFor(() => expect(currentUrl()).toBe('/acme?search=wid'));
    await user.type(searchbox, 'g');
    await waitFor(() => expect(currentUrl()).toBe('/acme?search=widg'));

    await act(() => router.navigate(-1));
    expect(currentUrl()).toBe('/acme?page=2');
    expect(await screen.findByText('Page 2 of 2')).toBeInTheDocument();
    expect(searchbox).toHaveValue('');

    await act(() => router.navigate(1));
    expect(currentUrl()).toBe('/acme?search=widg');
    await waitFor(async () => expect(await rowNames()).toEqual(['widgets', 'widget-sdk']));
    expect(searchbox).toHaveValue('widg');
  });

  it('says a page is out of range, not that nothing matches, when a search has fewer pages', async () => {
    renderApp('/acme?search=wid&page=3');

    expect(await screen.findByRole('heading', { name: 'There is no page 3' })).toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: /No repositories match/ }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to the first page' })).toHaveAttribute(
      'href',
      '/acme?search=wid',
    );
  });

  it.each(['0', 'abc', '2.5', '1e1'])('reads page=%j as the first page', async (page) => {
    const requests = recordRequests();
    renderApp(`/acme?page=${page}`);

    expect(await rows()).toHaveLength(25);
    expect(screen.getByText('Page 1 of 2')).toBeInTheDocument();
    expect(lastRequest(requests).url.searchParams.get('page')).toBe('1');
  });

  it('does not claim the workspace is empty while the unfiltered list loads after clearing a search', async () => {
    const { user } = renderApp('/acme?search=zzz');
    await screen.findByRole('heading', { name: 'No repositories match “zzz”' });
    const held = holdNextRepositoriesRequest();

    await user.click(screen.getByRole('button', { name: 'Clear search' }));

    expect(await screen.findByText('Loading repositories…')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'No repositories yet' })).not.toBeInTheDocument();
    expect(screen.queryByText(/0 repositories/)).not.toBeInTheDocument();
    await held.release();
    expect(await rows()).toHaveLength(25);
  });

  it('keeps the summary true to the results on screen while the next search loads', async () => {
    const { user, currentSearchParams } = renderApp('/acme?search=wid');
    await screen.findByText('2 repositories match “wid”');
    const held = holdNextRepositoriesRequest();

    await user.type(screen.getByRole('searchbox', { name: 'Search repositories' }), 'gets');
    await waitFor(() => expect(currentSearchParams().get('search')).toBe('widgets'));

    expect(screen.getByRole('list', { name: 'Repositories' })).toHaveAttribute('aria-busy', 'true');
    expect(screen.queryByText('2 repositories match “widgets”')).not.toBeInTheDocument();
    expect(screen.getByText('2 repositories match “wid”')).toBeInTheDocument();
    await held.release();
    expect(await screen.findByText('1 repository matches “widgets”')).toBeInTheDocument();
  });
});
