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

const COMMITS = '/api/2.0/repositories/acme/gadgets/commits';

const commitList = () => screen.findByRole('list', { name: 'Commits' });
const rows = async () => within(await commitList()).getAllByRole('listitem');

describe('commit history', () => {
  it("lists the main branch's commits newest first, with author, date, summary and a linked short hash", async () => {
    const requests = recordRequests();
    renderApp('/acme/gadgets/commits');

    const items = await rows();
    expect(items).toHaveLength(30);
    const first = items[0]!;
    expect(
      within(first).getByRole('link', {
        name: 'Add the dark-mode theme and retire the old registry',
      }),
    ).toHaveAttribute('href', `/acme/gadgets/commits/${hashFor(1)}`);
    // Only the first line of the message.
    expect(first).not.toHaveTextContent('The theme follows the system setting');
    expect(first).toHaveTextContent('Alice Marchetti');
    const short = hashFor(1).slice(0, 7);
    const hashLink = within(first).getByRole('link', {
      name: `Commit ${short} by Alice Marchetti`,
    });
    expect(hashLink).toHaveTextContent(new RegExp(`^${short}$`));
    expect(hashLink).toHaveAttribute('href', `/acme/gadgets/commits/${hashFor(1)}`);
    const time = within(first).getByText(/^committed /);
    expect(time.tagName).toBe('TIME');
    expect(time).toHaveAttribute('title');
    expect(
      within(first).getByRole('button', { name: `Copy the full hash ${hashFor(1)}` }),
    ).toBeInTheDocument();

    const request = requestsTo(requests, COMMITS).at(-1)!;
    expect(request.url.searchParams.get('include')).toBe('main');
    expect(request.url.searchParams.get('pagelen')).toBe('30');
    await waitFor(() => expect(document.title).toBe('Commits on main · acme/gadgets · Pail'));
  });

  it('shows the name of an author without a Bitbucket account, with initials instead of a picture, never the e-mail', async () => {
    renderApp('/acme/gadgets/commits');
    const second = (await rows())[1]!;
    expect(second).toHaveTextContent('Grace Hopper');
    expect(second).not.toHaveTextContent('grace@example.com');
    expect(second.querySelector('.avatar')).toHaveTextContent('GH');
    expect(second.querySelector('.avatar img')).toBeNull();

    const first = (await rows())[0]!;
    expect(first.querySelector('.avatar img')).toHaveAttribute(
      'src',
      'https://avatars.example.test/alice.png',
    );
  });

  it('marks merge commits', async () => {
    renderApp('/acme/gadgets/commits');
    const items = await rows();
    expect(within(items[3]!).getByText('Merge')).toBeInTheDocument();
    expect(within(items[2]!).queryByText('Merge')).not.toBeInTheDocument();
  });

  it('loads more by following `next` until there is none', async () => {
    const requests = recordRequests();
    const { user } = renderApp('/acme/gadgets/commits');
    expect(await rows()).toHaveLength(30);

    await user.click(screen.getByRole('button', { name: 'Load more' }));

    await waitFor(async () => expect(await rows()).toHaveLength(45));
    const second = requestsTo(requests, COMMITS).at(-1)!;
    expect(second.url.searchParams.get('page')).toBe('it-30');
    expect(second.url.searchParams.get('include')).toBe('main');
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('keeps the loaded commits and offers a retry when loading more fails', async () => {
    const { user } = renderApp('/acme/gadgets/commits');
    expect(await rows()).toHaveLength(30);
    server.use(http.get(COMMITS, () => bitbucketError(500, 'Something broke'), { once: true }));

    await user.click(screen.getByRole('button', { name: 'Load more' }));

    expect(
      await screen.findByRole('alert', { name: 'Could not load more commits' }),
    ).toBeInTheDocument();
    expect(await rows()).toHaveLength(30);
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(async () => expect(await rows()).toHaveLength(45));
  });

  it('shows the history of a branch whose name contains slashes, from the bitbucket.org URL', async () => {
    const requests = recordRequests();
    renderApp('/acme/gadgets/commits/branch/bugfix/PAIL-42/login-redirect');

    expect(await rows()).toHaveLength(30);
    expect(screen.getByText('bugfix/PAIL-42/login-redirect')).toBeInTheDocument();
    expect(requestsTo(requests, COMMITS).at(-1)!.url.searchParams.get('include')).toBe(
      'bugfix/PAIL-42/login-redirect',
    );
  });

  it('reads `/commits/{ref}` as a history when it is not a hash', async () => {
    const requests = recordRequests();
    renderApp('/acme/gadgets/commits/develop');

    expect(await rows()).toHaveLength(3);
    expect(requestsTo(requests, COMMITS).at(-1)!.url.searchParams.get('include')).toBe('develop');
  });

  it('filters to the commits touching a file with `?path=`, and offers the full history back', async () => {
    const requests = recordRequests();
    renderApp('/acme/gadgets/commits?path=src/index.ts');

    expect(await rows()).toHaveLength(3);
    expect(screen.getByRole('heading', { name: 'File history' })).toBeInTheDocument();
    expect(screen.getByText('src/index.ts')).toBeInTheDocument();
    expect(requestsTo(requests, COMMITS).at(-1)!.url.searchParams.get('path')).toBe('src/index.ts');
    expect(screen.getByRole('link', { name: 'Show all commits' })).toHaveAttribute(
      'href',
      '/acme/gadgets/commits/branch/main',
    );
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('says so when no commit touches the path', async () => {
    renderApp('/acme/gadgets/commits?path=nothing/here.txt');
    expect(
      await screen.findByRole('heading', { name: 'No commits touch nothing/here.txt' }),
    ).toBeInTheDocument();
  });

  it('shows a loading state, then the list', async () => {
    renderApp('/acme/gadgets/commits');
    expect(await screen.findByText('Loading commits…')).toBeInTheDocument();
    expect(await rows()).toHaveLength(30);
    expect(screen.queryByText('Loading commits…')).not.toBeInTheDocument();
  });

  it('explains an unknown ref', async () => {
    renderApp('/acme/gadgets/commits/branch/no-such-branch');
    expect(await screen.findByRole('alert', { name: 'History not found' })).toHaveTextContent(
      'There is no branch, tag or commit “no-such-branch” in acme/gadgets',
    );
  });

  it('explains a failure and retries', async () => {
    server.use(http.get(COMMITS, () => bitbucketError(500, 'Something broke'), { once: true }));
    const { user } = renderApp('/acme/gadgets/commits');

    const alert = await screen.findByRole('alert', { name: 'Could not load the history' });
    expect(alert).toHaveTextContent('Something broke');
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await rows()).toHaveLength(30);
  });
});
