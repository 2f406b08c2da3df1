import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { workspaceAccesses } from '@/testing/mocks/fixtures';
import { bitbucketError, paginate } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { recordRequests, requestsTo } from '@/testing/record-requests';
import { renderApp } from '@/testing/render-app';

const cards = async () => {
  const list = await screen.findByRole('list', { name: 'Workspaces' });
  return within(list).getAllByRole('listitem');
};

describe('the workspaces page', () => {
  it('shows each workspace with its name, slug and Admin badge, linking to its repositories', async () => {
    renderApp('/');

    const items = await cards();
    expect(items).toHaveLength(3);
    const acme = within(items[0]!).getByRole('link');
    expect(acme).toHaveAttribute('href', '/acme');
    expect(acme).toHaveTextContent('Acme Corporation');
    expect(acme).toHaveTextContent('acme');
    expect(within(acme).getByText('Admin')).toBeInTheDocument();

    const umbrella = within(items[1]!).getByRole('link');
    expect(umbrella).toHaveAttribute('href', '/umbrella');
    expect(within(umbrella).queryByText('Admin')).not.toBeInTheDocument();
    expect(screen.getByText('You belong to 3 workspaces on Bitbucket.')).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('Workspaces · Pail'));
  });

  it('fetches the name only for workspaces listed without one', async () => {
    const requests = recordRequests();
    renderApp('/');

    expect(await screen.findByText('Umbrella Labs')).toBeInTheDocument();
    const lookups = requests.filter((request) =>
      request.url.pathname.startsWith('/api/2.0/workspaces/'),
    );
    expect(lookups.map((request) => request.url.pathname)).toEqual([
      '/api/2.0/workspaces/umbrella',
    ]);
  });

  it('loads more by following Bitbucket’s `next` link', async () => {
    const requests = recordRequests();
    server.use(
      http.get('/api/2.0/user/workspaces', ({ request }) => {
        const url = new URL(request.url);
        url.searchParams.set('pagelen', '2');
        return HttpResponse.json(paginate(workspaceAccesses, url.href));
      }),
    );
    const { user } = renderApp('/');

    expect(await cards()).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Load more' }));

    expect(
      await screen.findByText('Jane Doe', { selector: '.workspace-card__name' }),
    ).toBeInTheDocument();
    expect(await cards()).toHaveLength(3);
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    const pages = requestsTo(requests, '/api/2.0/user/workspaces');
    expect(pages).toHaveLength(2);
    expect(pages[1]!.url.searchParams.get('page')).toBe('2');
  });

  it('says so when the user belongs to no workspace', async () => {
    server.use(
      http.get('/api/2.0/user/workspaces', () =>
        HttpResponse.json({ pagelen: 50, size: 0, page: 1, values: [] }),
      ),
    );
    renderApp('/');
    expect(await screen.findByRole('heading', { name: 'No workspaces yet' })).toBeInTheDocument();
  });

  it('explains a failure and retries on request', async () => {
    server.use(
      http.get('/api/2.0/user/workspaces', () => bitbucketError(500, 'Something broke.'), {
        once: true,
      }),
    );
    const { user } = renderApp('/');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load your workspaces');
    expect(alert).toHaveTextContent('Something broke.');
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));

    expect(await cards()).toHaveLength(3);
  });
});
