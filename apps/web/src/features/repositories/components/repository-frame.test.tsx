import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { findRepository } from '@/testing/mocks/fixtures';
import { bitbucketError } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { MAIN_HASH } from '@/testing/mocks/source-fixtures';
import { sourceHandlers } from '@/testing/mocks/source-handlers';
import { recordRequests } from '@/testing/record-requests';
import { renderApp } from '@/testing/render-app';
import { activeTab } from './repository-frame';

describe('the repository frame', { timeout: 30_000 }, () => {
  it('names the repository and links every tab, marking the current one', async () => {
    renderApp('/acme/widgets');
    const tabs = await screen.findByRole('navigation', { name: 'Repository' }, { timeout: 10_000 });
    const links = within(tabs).getAllByRole('link');
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['Overview', '/acme/widgets'],
      ['Source', '/acme/widgets/src'],
      ['Commits', '/acme/widgets/commits'],
      ['Branches', '/acme/widgets/branches'],
      ['Tags', '/acme/widgets/tags'],
      ['Pull requests', '/acme/widgets/pull-requests'],
    ]);
    await waitFor(() =>
      expect(within(tabs).getByRole('link', { name: 'Overview' })).toHaveAttribute(
        'aria-current',
        'page',
      ),
    );
    expect(within(tabs).getByRole('link', { name: 'Source' })).not.toHaveAttribute('aria-current');
    expect(await screen.findByText('Private')).toBeInTheDocument();
  });

  it('follows a tab from the keyboard and keeps the focus on it, the new tab marked current', async () => {
    server.use(...sourceHandlers);
    const { user, currentUrl } = renderApp('/acme/widgets');
    const tabs = await screen.findByRole('navigation', { name: 'Repository' }, { timeout: 10_000 });
    const branches = within(tabs).getByRole('link', { name: 'Branches' });
    branches.focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(currentUrl()).toBe('/acme/widgets/branches'));
    await waitFor(() => expect(branches).toHaveAttribute('aria-current', 'page'));
    expect(branches).toHaveFocus();
    expect(within(tabs).getByRole('link', { name: 'Overview' })).not.toHaveAttribute(
      'aria-current',
    );
  });

  it('prefetches the main branch root listing when the pointer reaches the Source tab', async () => {
    server.use(...sourceHandlers);
    const requests: string[] = [];
    server.events.on('request:start', ({ request }) =>
      requests.push(new URL(request.url).pathname),
    );
    const { user } = renderApp('/acme/widgets/branches');
    const tabs = await screen.findByRole('navigation', { name: 'Repository' }, { timeout: 10_000 });
    await screen.findByText('Private', {}, { timeout: 10_000 });
    const listing = `/api/2.0/repositories/acme/widgets/src/${MAIN_HASH}/`;
    expect(requests).not.toContain(listing);
    await user.hover(within(tabs).getByRole('link', { name: 'Source' }));
    await waitFor(() => expect(requests).toContain(listing));
    server.events.removeAllListeners();
  });

  it('fetches the first page of Branches on hover, so the click itself asks Bitbucket nothing more', async () => {
    server.use(...sourceHandlers);
    const requests: string[] = [];
    server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      requests.push(url.pathname + url.search);
    });
    const { user, currentUrl } = renderApp('/acme/widgets');
    const tabs = await screen.findByRole('navigation', { name: 'Repository' }, { timeout: 10_000 });
    await screen.findByText('Private', {}, { timeout: 10_000 });
    // The Branches page's own list (the overview resolves its ref with a `q=name=…` lookup, not this).
    const isBranchList = (request: string) =>
      request.startsWith('/api/2.0/repositories/acme/widgets/refs/branches?') &&
      request.includes('sort=name');
    expect(requests.filter(isBranchList)).toEqual([]);

    const branches = within(tabs).getByRole('link', { name: 'Branches' });
    await user.hover(branches);
    await waitFor(() => expect(requests.filter(isBranchList)).toHaveLength(1));
    await user.click(branches);
    await waitFor(() => expect(currentUrl()).toBe('/acme/widgets/branches'));
    expect(await screen.findByRole('link', { name: 'feature/dark-mode' })).toBeInTheDocument();
    expect(requests.filter(isBranchList)).toHaveLength(1);
    server.events.removeAllListeners();
  });

  it('reads the tab from any repository URL', () => {
    expect(activeTab('/acme/widgets', 'acme', 'widgets')).toBe('overview');
    expect(activeTab('/acme/widgets/src/feature/x/y.ts', 'acme', 'widgets')).toBe('source');
    expect(activeTab('/acme/widgets/commits/abc123', 'acme', 'widgets')).toBe('commits');
    expect(activeTab('/acme/widgets/pull-requests/4', 'acme', 'widgets')).toBe('pull-requests');
    expect(activeTab('/acme/widgets/branches', 'acme', 'widgets')).toBe('branches');
  });

  it('explains a missing scope instead of the page, naming what is required and granted', async () => {
    server.use(
      http.get('/api/2.0/repositories/acme/widgets', () =>
        bitbucketError(403, 'Your credentials lack one or more required privilege scopes.', {
          required: ['repository'],
          granted: ['account'],
        }),
      ),
    );
    renderApp('/acme/widgets/src/main/src');
    const alert = await screen.findByRole('alert', {}, { timeout: 10_000 });
    expect(alert).toHaveTextContent('Pail needs more access to Bitbucket');
    expect(alert).toHaveTextContent('repository');
    expect(screen.getByRole('navigation', { name: 'Repository' })).toBeInTheDocument();
  });

  it('says when the rate limit was reached', async () => {
    server.use(
      http.get('/api/2.0/repositories/acme/widgets', () =>
        bitbucketError(429, 'Rate limit for this resource has been exceeded.', undefined, {
          'Retry-After': '120',
        }),
      ),
    );
    renderApp('/acme/widgets');
    expect(await screen.findByRole('alert', {}, { timeout: 10_000 })).toHaveTextContent(
      "Bitbucket's rate limit was reached",
    );
  });
});

describe('an empty repository', { timeout: 60_000 }, () => {
  const REPO_API = '/api/2.0/repositories/acme/widgets';
  const emptyPage = () => HttpResponse.json({ pagelen: 10, values: [] });

  beforeEach(() => {
    server.use(
      http.get(REPO_API, () =>
        HttpResponse.json({ ...findRepository('acme', 'widgets'), mainbranch: null }),
      ),
      http.get(`${REPO_API}/refs/branches`, emptyPage),
      http.get(`${REPO_API}/refs/tags`, emptyPage),
      http.get(`${REPO_API}/pullrequests`, emptyPage),
    );
  });

  it.each([
    ['/acme/widgets/src', 'This repository is empty', 'Source · acme/widgets · Pail'],
    ['/acme/widgets/commits', 'No commits yet', 'Commits · acme/widgets · Pail'],
    ['/acme/widgets/branches', 'No branches', 'Branches · acme/widgets · Pail'],
    ['/acme/widgets/tags', 'No tags', 'Tags · acme/widgets · Pail'],
    [
      '/acme/widgets/pull-requests',
      'No open pull requests',
      'Open pull requests · acme/widgets · Pail',
    ],
  ])(
    'says so on %s, with a page title, asking Bitbucket for no commit',
    async (url, heading, title) => {
      const requests = recordRequests();
      renderApp(url);
      expect(
        await screen.findByRole('heading', { name: new RegExp(heading) }, { timeout: 10_000 }),
      ).toBeInTheDocument();
      await waitFor(() => expect(document.title).toBe(title));
      expect(requests.map((request) => request.url.pathname)).not.toContainEqual(
        expect.stringMatching(/\/(commits|commit|src|diff)(\/|$)/),
      );
    },
  );
});
