import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { server } from '@/testing/mocks/server';
import { sourceHandlers } from '@/testing/mocks/source-handlers';
import type { RecordedRequest } from '@/testing/record-requests';
import { recordRequests } from '@/testing/record-requests';
import { renderApp } from '@/testing/render-app';

beforeEach(() => {
  server.use(...sourceHandlers);
});

/** The Bitbucket calls (through the BFF's `/api`), as "GET /2.0/…?query". */
function apiCalls(requests: RecordedRequest[]): string[] {
  return requests
    .filter((request) => request.url.pathname.startsWith('/api/'))
    .map((request) => `${request.method} ${request.url.pathname}${request.url.search}`);
}

function repeated(calls: string[]): string[] {
  return calls.filter((call, index) => calls.indexOf(call) !== index);
}

/** Waits for the last calls of a prefetch chain, then until nothing more is asked. */
async function settled(requests: RecordedRequest[], ...lastCalls: string[]): Promise<string[]> {
  await waitFor(() => {
    for (const last of lastCalls) {
      expect(apiCalls(requests).some((call) => call.endsWith(last))).toBe(true);
    }
  });
  let before = -1;
  while (before !== requests.length) {
    before = requests.length;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return apiCalls(requests);
}

describe('upstream calls', { timeout: 30_000 }, () => {
  it('hovering a workspace on the home page fetches its page, so opening it asks nothing more', async () => {
    const requests = recordRequests();
    const { user } = renderApp('/');
    const link = await screen.findByRole('link', { name: /Acme Corporation/ });
    const onHome = apiCalls(requests).length;

    await user.hover(link);
    const prefetched = (await settled(requests, '/workspaces/acme', 'sort=-updated_on')).slice(
      onHome,
    );
    expect([...prefetched].sort()).toEqual([
      'GET /api/2.0/repositories/acme?pagelen=25&page=1&sort=-updated_on',
      'GET /api/2.0/workspaces/acme',
    ]);

    await user.click(link);
    expect(await screen.findByRole('link', { name: 'widgets' })).toBeInTheDocument();
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Acme Corporation' }),
    ).toBeVisible();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(apiCalls(requests).slice(onHome)).toEqual(prefetched);
  });

  it('hovering a repository fetches its overview, README and README images, so opening it asks nothing more', async () => {
    const requests = recordRequests();
    const { user } = renderApp('/acme');
    const link = await screen.findByRole('link', { name: 'widgets' });
    const onList = apiCalls(requests).length;

    await user.hover(link);
    const prefetched = (await settled(requests, '/README.md', '/missing.png')).slice(onList);
    const readmeFile = (path: string) =>
      expect.stringMatching(
        new RegExp(`^GET /api/2\\.0/repositories/acme/widgets/src/[0-9a-f]{40}/${path}$`),
      );
    expect(prefetched).toEqual(
      expect.arrayContaining([
        'GET /api/2.0/repositories/acme/widgets',
        readmeFile('README\\.md'),
        // The README's images, the one that exists and the one that does not.
        readmeFile('docs/images/logo\\.png'),
        readmeFile('missing\\.png'),
      ]),
    );

    await user.click(link);
    const readme = await screen.findByRole('region', { name: 'README.md' }, { timeout: 10_000 });
    // Shown from what the hover fetched, as soon as the README is.
    expect(within(readme).getByRole('img', { name: 'Widgets logo' }).getAttribute('src')).toMatch(
      /^blob:/,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(apiCalls(requests).slice(onList)).toEqual(prefetched);
    expect(repeated(apiCalls(requests))).toEqual([]);
  });

  it('going back to pages already seen asks Bitbucket nothing, README images included', async () => {
    const requests = recordRequests();
    const { user, router, container } = renderApp('/acme');
    await user.click(await screen.findByRole('link', { name: 'widgets' }));
    await screen.findByRole('region', { name: 'README.md' }, { timeout: 10_000 });
    await waitFor(() =>
      expect(screen.getByRole('img', { name: 'Widgets logo' }).getAttribute('src')).toMatch(
        /^blob:/,
      ),
    );
    const seen = await settled(requests, '/docs/images/logo.png', '/missing.png');

    await router.navigate(-1);
    expect(await screen.findByRole('link', { name: 'widgets' })).toBeInTheDocument();
    await router.navigate(1);
    const readme = within(
      await screen.findByRole('region', { name: 'README.md' }, { timeout: 10_000 }),
    );
    // The image is back with the README; the missing one shows no broken source, and is not asked again.
    expect(readme.getByRole('img', { name: 'Widgets logo' }).getAttribute('src')).toMatch(/^blob:/);
    expect(readme.getAllByRole('presentation')).toHaveLength(1);
    expect(readme.getByRole('presentation')).not.toHaveAttribute('src');
    expect(container.querySelector('img[src*="/raw/"]')).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(apiCalls(requests)).toEqual(seen);
    expect(repeated(seen)).toEqual([]);
  });

  it('hovering a commit fetches the commit, its files and its diff, so opening it asks nothing more', async () => {
    const requests = recordRequests();
    const { user } = renderApp('/acme/gadgets/commits');
    const list = await screen.findByRole('list', { name: /commits/i }, { timeout: 10_000 });
    const [first] = within(list).getAllByRole('listitem');
    const link = within(first!).getAllByRole('link')[0]!;
    const hash = /commits\/([0-9a-f]{40})$/.exec(link.getAttribute('href') ?? '')?.[1] ?? '';
    const onList = apiCalls(requests).length;

    await user.hover(link);
    const prefetched = (await settled(requests, `/commit/${hash}`, `/diff/${hash}`)).slice(onList);
    expect([...prefetched].sort()).toEqual(
      [
        `GET /api/2.0/repositories/acme/gadgets/commit/${hash}`,
        `GET /api/2.0/repositories/acme/gadgets/diff/${hash}`,
        `GET /api/2.0/repositories/acme/gadgets/diffstat/${hash}?pagelen=500`,
      ].sort(),
    );

    await user.click(link);
    expect(await screen.findByRole('heading', { name: 'Files changed' })).toBeInTheDocument();
    expect(await screen.findByRole('list', { name: 'Changed files' })).toBeInTheDocument();
    expect(apiCalls(requests).slice(onList)).toEqual(prefetched);
  });

  it('hovering a pull request fetches it with its files and diff, so opening it asks nothing more', async () => {
    const requests = recordRequests();
    const { user } = renderApp('/acme/gadgets/pull-requests');
    const link = await screen.findByRole(
      'link',
      { name: 'Dark mode for the catalogue' },
      { timeout: 10_000 },
    );
    const onList = apiCalls(requests).length;

    await user.hover(link);
    const prefetched = (
      await settled(
        requests,
        '/pullrequests/12',
        '/pullrequests/12/diffstat',
        '/pullrequests/12/diff',
      )
    ).slice(onList);
    expect(prefetched).toEqual(
      expect.arrayContaining([
        'GET /api/2.0/repositories/acme/gadgets/pullrequests/12',
        'GET /api/2.0/repositories/acme/gadgets/pullrequests/12/diffstat',
        'GET /api/2.0/repositories/acme/gadgets/pullrequests/12/diff',
      ]),
    );

    await user.click(link);
    expect(await screen.findByRole('list', { name: 'Changed files' })).toBeInTheDocument();
    expect(apiCalls(requests).slice(onList)).toEqual(prefetched);
    expect(repeated(apiCalls(requests))).toEqual([]);
  });

  it('a quick pass of the pointer over a link fetches nothing', async () => {
    const requests = recordRequests();
    renderApp('/acme');
    const link = await screen.findByRole('link', { name: 'widgets' });
    const onList = apiCalls(requests).length;

    // In and out in one go, as a pointer crossing the list on its way elsewhere.
    fireEvent.mouseEnter(link);
    fireEvent.mouseLeave(link);
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(apiCalls(requests).slice(onList)).toEqual([]);
  });
});
