import { configure, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { bitbucketError } from '@/testing/mocks/handlers';
import { pullRequests } from '@/testing/mocks/history-fixtures';
import { server } from '@/testing/mocks/server';
import { recordRequests, requestsTo } from '@/testing/record-requests';
import { renderApp } from '@/testing/render-app';
import { repositoryPathOf } from './pull-request-page';

// Each page is a lazily loaded route: give the first render time on a busy machine.
configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 20_000 });

const REPO_API = '/api/2.0/repositories/acme/gadgets';

describe('a pull request', () => {
  it('shows its title, state, author, branches, rendered description, reviewers and participants', async () => {
    renderApp('/acme/gadgets/pull-requests/9');

    const title = await screen.findByRole('heading', {
      level: 2,
      name: /Fix the date format in receipts/,
    });
    expect(title).toHaveTextContent('#9');
    const header = title.closest('header')!;
    expect(within(header).getByText('Merged')).toBeInTheDocument();
    expect(header).toHaveTextContent('Carol Nguyen');
    expect(header).toHaveTextContent('From bugfix/receipt-dates→into main');

    const description = screen.getByRole('region', { name: 'Description' });
    expect(within(description).getByRole('heading', { name: 'Why' })).toBeInTheDocument();
    expect(within(description).getByText('US dates').tagName).toBe('STRONG');
    expect(within(description).getByRole('link', { name: 'the guide' })).toHaveAttribute(
      'href',
      expect.stringMatching(/^\/acme\/gadgets\/src\/[0-9a-f]+\/docs\/guide\.md$/),
    );
    expect(description.querySelector('script')).toBeNull();
    expect((window as { __pailXss?: string }).__pailXss).toBeUndefined();

    const reviewers = within(screen.getByRole('list', { name: 'Reviewers' })).getAllByRole(
      'listitem',
    );
    expect(reviewers.map((row) => row.textContent)).toEqual([
      'Alice MarchettiApproved',
      'Bob OkaforApproved',
    ]);
    const participants = within(screen.getByRole('list', { name: 'Participants' })).getAllByRole(
      'listitem',
    );
    expect(participants.map((row) => row.textContent)).toEqual(['Carol Nguyen']);
    await waitFor(() =>
      expect(document.title).toBe('Fix the date format in receipts · acme/gadgets · Pail'),
    );
  });

  it('shows changes requested and reviewers who have not acted yet', async () => {
    renderApp('/acme/gadgets/pull-requests/12');
    const reviewers = within(await screen.findByRole('list', { name: 'Reviewers' })).getAllByRole(
      'listitem',
    );
    expect(reviewers.map((row) => row.textContent)).toEqual([
      'Bob OkaforChanges requested',
      'Carol NguyenPending',
    ]);
    expect(screen.getByText('No other participants.')).toBeInTheDocument();
    expect(screen.getByText('Open')).toBeInTheDocument();
  });

  it('marks a draft and says when there is no description', async () => {
    renderApp('/acme/gadgets/pull-requests/11');
    const title = await screen.findByRole('heading', {
      level: 2,
      name: /Draft: registry clean-up/,
    });
    expect(within(title.closest('header')!).getByText('Draft')).toBeInTheDocument();
    expect(screen.getByText('No description.')).toBeInTheDocument();
    expect(screen.getByText('No reviewers.')).toBeInTheDocument();
  });

  it('shows the diffstat and the diff from the pull request endpoints', async () => {
    const requests = recordRequests();
    const { user } = renderApp('/acme/gadgets/pull-requests/9');

    const files = await screen.findByRole('list', { name: 'Changed files' });
    expect(within(files).getAllByRole('listitem')).toHaveLength(6);
    const index = await screen.findByRole('region', { name: 'src/index.ts' });
    expect(within(index).getByText("export const theme = 'system';").closest('tr')).toHaveClass(
      'diff-line--added',
    );
    expect(requestsTo(requests, `${REPO_API}/pullrequests/9/diff`)).toHaveLength(1);
    const diffstatRequests = requestsTo(requests, `${REPO_API}/pullrequests/9/diffstat`);
    expect(diffstatRequests).toHaveLength(1);
    expect(diffstatRequests[0]!.url.search).toBe('');

    await user.click(screen.getByRole('button', { name: 'Side by side' }));
    expect(index.querySelector('table')).toHaveClass('diff-table--split');
    await user.click(screen.getByRole('button', { name: 'Unified' }));
    expect(index.querySelector('table')).toHaveClass('diff-table--unified');
  });

  it("does not let the description's headings take over the page's own ids", async () => {
    const merged = pullRequests.find((pullRequest) => pullRequest.id === 9)!;
    server.use(
      http.get(`${REPO_API}/pullrequests/9`, () =>
        HttpResponse.json({
          ...merged,
          description: '# Changes title\n\n# Diff file 1\n\n[Jump to the first file](#diff-file-1)',
        }),
      ),
    );
    renderApp('/acme/gadgets/pull-requests/9');
    const files = await screen.findByRole('list', { name: 'Changed files' });
    expect(screen.getByRole('region', { name: 'Files changed' })).toContainElement(files);
    const firstFile = await screen.findByRole('region', { name: 'src/index.ts' });
    expect(document.getElementById('diff-file-1')).toBe(firstFile);
    const heading = screen.getByRole('heading', { name: 'Diff file 1' });
    expect(heading).toHaveAttribute('id', 'markdown-header-diff-file-1');
    expect(screen.getByRole('link', { name: 'Jump to the first file' })).toHaveAttribute(
      'href',
      '#markdown-header-diff-file-1',
    );
  });

  it.each(['diff', 'overview', 'commits', 'activity'])('accepts the /%s sub-page', async (sub) => {
    renderApp(`/acme/gadgets/pull-requests/9/${sub}`);
    expect(
      await screen.findByRole('heading', { level: 2, name: /Fix the date format in receipts/ }),
    ).toBeInTheDocument();
    expect(await screen.findByRole('region', { name: 'src/index.ts' })).toBeInTheDocument();
  });

  it.each(['abc', '0', '9/elsewhere'])(
    'treats /pull-requests/%s as not found without asking Bitbucket',
    async (rest) => {
      const requests = recordRequests();
      renderApp(`/acme/gadgets/pull-requests/${rest}`);
      expect(
        await screen.findByRole('alert', { name: 'Pull request not found' }),
      ).toBeInTheDocument();
      expect(requests.filter((request) => request.url.pathname.includes('/pullrequests'))).toEqual(
        [],
      );
    },
  );

  it('explains a pull request that does not exist', async () => {
    renderApp('/acme/gadgets/pull-requests/404');
    expect(await screen.findByRole('alert', { name: 'Pull request not found' })).toHaveTextContent(
      'There is no pull request #404 in acme/gadgets',
    );
  });

  it('names the missing pullrequest scope', async () => {
    server.use(
      http.get(`${REPO_API}/pullrequests/:id`, () =>
        bitbucketError(403, 'Your credentials lack one or more required privilege scopes.', {
          required: ['pullrequest'],
          granted: ['account', 'repository'],
        }),
      ),
    );
    renderApp('/acme/gadgets/pull-requests/9');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('pullrequest');
  });

  it('shows a loading state', async () => {
    renderApp('/acme/gadgets/pull-requests/9');
    expect(await screen.findByText('Loading the pull request…')).toBeInTheDocument();
    expect(
      await screen.findByRole('heading', { level: 2, name: /Fix the date format in receipts/ }),
    ).toBeInTheDocument();
  });
});

describe('repositoryPathOf', () => {
  it.each([
    ['docs/guide.md', 'docs/guide.md'],
    ['./docs/guide.md', 'docs/guide.md'],
    ['/LICENSE', 'LICENSE'],
    ['../../etc/passwd', 'etc/passwd'],
    ['docs/../README.md', 'README.md'],
    ['docs/Caf%C3%A9%20notes.md?plain=1#top', 'docs/Café notes.md'],
    ['..', ''],
    ['a%2F..%2F..%2F..%2Fother-ws%2Fother-repo', 'other-ws/other-repo'],
    ['docs%2F..%2FREADME.md', 'README.md'],
    ['#section', ''],
  ])('%j → %j', (url, path) => {
    expect(repositoryPathOf(url)).toBe(path);
  });
});
