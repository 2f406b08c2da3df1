import { configure, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { DIFF_VIEW_STORAGE_KEY } from '@/components/diff/use-diff-view-type';
import { bitbucketError } from '@/testing/mocks/handlers';
import { HEAD_HASH, HUGE_HASH, MERGE_HASH, hashFor } from '@/testing/mocks/history-fixtures';
import { server } from '@/testing/mocks/server';
import { recordRequests, requestsTo } from '@/testing/record-requests';
import { renderApp } from '@/testing/render-app';

// Each page is a lazily loaded route: give the first render time on a busy machine.
configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 20_000 });

const REPO_API = '/api/2.0/repositories/acme/gadgets';
const diffFile = (path: string) => screen.findByRole('region', { name: path });

describe('a commit', () => {
  it('shows the full message, author, date, parents and a way to browse the source at it', async () => {
    renderApp(`/acme/gadgets/commits/${HEAD_HASH}`);

    const title = await screen.findByRole('heading', {
      level: 2,
      name: 'Add the dark-mode theme and retire the old registry',
    });
    expect(screen.getByText(/The theme follows the system setting\./)).toBeInTheDocument();
    const details = title.closest('header')!;
    expect(details).toHaveTextContent('Alice Marchetti');
    expect(within(details).getByText(HEAD_HASH)).toBeInTheDocument();
    expect(within(details).getByRole('link', { name: hashFor(2).slice(0, 7) })).toHaveAttribute(
      'href',
      `/acme/gadgets/commits/${hashFor(2)}`,
    );
    expect(
      within(details).getByRole('link', { name: 'Browse source at this commit' }),
    ).toHaveAttribute('href', `/acme/gadgets/src/${HEAD_HASH}`);
    await waitFor(() =>
      expect(document.title).toBe(
        'Add the dark-mode theme and retire the old registry · acme/gadgets · Pail',
      ),
    );
  });

  it('lists every changed file with its status and counts, and the total', async () => {
    renderApp(`/acme/gadgets/commits/${HEAD_HASH}`);

    const files = await screen.findByRole('list', { name: 'Changed files' });
    const items = within(files).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([
      expect.stringMatching(/^Modifiedsrc\/index\.ts\+2−1/),
      expect.stringMatching(/^Addedsrc\/theme\/dark-mode\.ts\+3−0/),
      expect.stringMatching(/^Deletedsrc\/legacy\.ts\+0−2/),
      expect.stringMatching(/^Renamedsrc\/gadget-registry\.ts → +renamed to src\/registry\.ts/),
      expect.stringMatching(/^Modifieddocs\/images\/logo\.png/),
      expect.stringMatching(/^Modifieddata\/large-fixture\.txt\+450−450/),
    ]);
    expect(screen.getByText('6 files changed')).toBeInTheDocument();
    expect(screen.getByText('455 lines added, 453 lines removed')).toBeInTheDocument();
  });

  it('shows the diff of each file with added and removed lines marked', async () => {
    renderApp(`/acme/gadgets/commits/${HEAD_HASH}`);

    const index = await diffFile('src/index.ts');
    const added = within(index).getByText("export const theme = 'system';").closest('tr')!;
    expect(added).toHaveClass('diff-line--added');
    expect(added).toHaveTextContent('Added:');
    const removed = within(index).getByText("export const theme = 'light';").closest('tr')!;
    expect(removed).toHaveClass('diff-line--removed');
    expect(removed).toHaveTextContent('Removed:');
    expect(within(index).getByText('@@ -1,4 +1,5 @@')).toBeInTheDocument();

    const darkMode = await diffFile('src/theme/dark-mode.ts');
    expect(within(darkMode).getByText('Added')).toBeInTheDocument();
    const legacy = await diffFile('src/legacy.ts');
    expect(within(legacy).getByText('Deleted')).toBeInTheDocument();
  });

  it('labels renamed and binary files instead of showing lines', async () => {
    renderApp(`/acme/gadgets/commits/${HEAD_HASH}`);

    const renamed = await diffFile('src/registry.ts');
    expect(within(renamed).getByText('Renamed')).toBeInTheDocument();
    expect(renamed).toHaveTextContent('src/gadget-registry.ts → renamed to src/registry.ts');
    expect(renamed).toHaveTextContent('Renamed without changes to its content.');

    const binary = await diffFile('docs/images/logo.png');
    expect(within(binary).getByText('Binary')).toBeInTheDocument();
    expect(binary).toHaveTextContent('Binary file not shown.');
  });

  it('folds a large file by default and opens it on request', async () => {
    const { user } = renderApp(`/acme/gadgets/commits/${HEAD_HASH}`);

    const large = await diffFile('data/large-fixture.txt');
    const toggle = within(large).getByRole('button', { name: /data\/large-fixture\.txt/ });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(within(large).queryByText('new line 1')).not.toBeInTheDocument();
    expect(large).toHaveTextContent('900 lines hidden.');

    await user.click(within(large).getByRole('button', { name: 'Show the changes' }));

    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(within(large).getByText('new line 1')).toBeInTheDocument();

    // Small files start open and fold from their header.
    const index = await diffFile('src/index.ts');
    const indexToggle = within(index).getByRole('button', { name: /src\/index\.ts/ });
    expect(indexToggle).toHaveAttribute('aria-expanded', 'true');
    await user.click(indexToggle);
    expect(indexToggle).toHaveAttribute('aria-expanded', 'false');
    expect(within(index).queryByText("export const theme = 'system';")).not.toBeInTheDocument();
  });

  it('opens a folded file from the list of changed files', async () => {
    const { user } = renderApp(`/acme/gadgets/commits/${HEAD_HASH}`);

    const files = await screen.findByRole('list', { name: 'Changed files' });
    // A name becomes a link once the diff below has the file to jump to.
    await user.click(await within(files).findByRole('link', { name: 'data/large-fixture.txt' }));

    const large = await diffFile('data/large-fixture.txt');
    expect(within(large).getByText('new line 450')).toBeInTheDocument();
    await waitFor(() => expect(large).toHaveFocus());
  });

  it('switches to side by side and remembers the choice', async () => {
    window.localStorage.removeItem(DIFF_VIEW_STORAGE_KEY);
    const { user, unmount } = renderApp(`/acme/gadgets/commits/${HEAD_HASH}`);

    const index = await diffFile('src/index.ts');
    expect(index.querySelector('table')).toHaveClass('diff-table--unified');
    const unified = screen.getByRole('button', { name: 'Unified' });
    const split = screen.getByRole('button', { name: 'Side by side' });
    expect(unified).toHaveAttribute('aria-pressed', 'true');

    await user.click(split);

    expect(split).toHaveAttribute('aria-pressed', 'true');
    expect(unified).toHaveAttribute('aria-pressed', 'false');
    const table = index.querySelector('table')!;
    expect(table).toHaveClass('diff-table--split');
    // The removed line and the line that replaced it sit on one row, old on the left, new on the right.
    const row = within(table).getByText("export const theme = 'light';").closest('tr')!;
    expect(row).toHaveTextContent("export const theme = 'system';");
    expect(window.localStorage.getItem(DIFF_VIEW_STORAGE_KEY)).toBe('split');
    unmount();

    renderApp(`/acme/gadgets/commits/${HEAD_HASH}`);
    const again = await diffFile('src/index.ts');
    expect(again.querySelector('table')).toHaveClass('diff-table--split');
    expect(screen.getByRole('button', { name: 'Side by side' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    window.localStorage.removeItem(DIFF_VIEW_STORAGE_KEY);
  });

  it('loads a change too large for one diff file by file, and says when a file is too large', async () => {
    const requests = recordRequests();
    const { user } = renderApp(`/acme/gadgets/commits/${HUGE_HASH}`);

    const files = await screen.findByRole('list', { name: 'Changed files' });
    expect(screen.getByText('250,001 lines added, 1 line removed')).toBeInTheDocument();
    expect(
      screen.getByText('Open a file above to see how this commit changed it.'),
    ).toBeInTheDocument();
    const diffs = () =>
      requests
        .filter((request) => request.url.pathname.includes('/diff/'))
        .map((request) => request.url.searchParams.get('path'));
    expect(diffs()).toEqual([]);

    await user.click(within(files).getByRole('button', { name: 'data/huge-dump.sql' }));

    expect(
      await screen.findByText(
        'Bitbucket could not produce the diff of data/huge-dump.sql in time: it is too large to show.',
      ),
    ).toBeInTheDocument();
    expect(diffs()).toEqual(['data/huge-dump.sql']);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows a root commit, and hostile file names and lines as text, never markup', async () => {
    const root = hashFor(900);
    const name = '<img src=x onerror="window.__pailXss=1">.md';
    const diff = [
      `diff --git a/${name} b/${name}`,
      'new file mode 100644',
      '--- /dev/null',
      `+++ b/${name}`,
      '@@ -0,0 +1,2 @@',
      '+<script>window.__pailXss = 2</script>',
      '+[x](javascript:window.__pailXss=3)',
      'diff --git a/huge.txt b/huge.txt',
      '--- a/huge.txt',
      '+++ b/huge.txt',
      '@@ -99999999999999999999,1 +99999999999999999999,1 @@ <b>context</b>',
      '-old',
      '+new',
      '',
    ].join('\n');
    server.use(
      http.get(`${REPO_API}/commit/${root}`, () =>
        HttpResponse.json({
          type: 'commit',
          hash: root,
          date: '2026-01-02T03:04:05+00:00',
          message: 'Initial commit <script>window.__pailXss = 4</script>\n',
          author: { type: 'author', raw: '<b>Mallory</b> <mallory@evil.example>' },
          parents: [],
        }),
      ),
      http.get(`${REPO_API}/diff/${root}`, () => new HttpResponse(diff)),
      http.get(`${REPO_API}/diffstat/${root}`, () =>
        HttpResponse.json({
          pagelen: 500,
          values: [
            {
              type: 'diffstat',
              status: 'added',
              lines_added: 2,
              lines_removed: 0,
              old: null,
              new: { type: 'commit_file', path: name },
            },
            {
              type: 'diffstat',
              status: 'modified',
              lines_added: 1,
              lines_removed: 1,
              old: { type: 'commit_file', path: 'huge.txt' },
              new: { type: 'commit_file', path: 'huge.txt' },
            },
          ],
        }),
      ),
    );
    const { container } = renderApp(`/acme/gadgets/commits/${root}`);

    const title = await screen.findByRole('heading', { level: 2, name: /^Initial commit/ });
    expect(title).toHaveTextContent('Initial commit <script>window.__pailXss = 4</script>');
    expect(title.closest('header')).toHaveTextContent('None (the first commit)');
    expect(title.closest('header')).toHaveTextContent('<b>Mallory</b>');
    expect(title.closest('header')).not.toHaveTextContent('mallory@evil.example');
    const file = await diffFile(name);
    expect(within(file).getByText('<script>window.__pailXss = 2</script>')).toBeInTheDocument();
    expect(within(file).getByText('[x](javascript:window.__pailXss=3)')).toBeInTheDocument();
    const huge = await diffFile('huge.txt');
    expect(within(huge).getByText('new')).toBeInTheDocument();
    expect(container.querySelector('script, img[onerror], b')).toBeNull();
    expect((window as { __pailXss?: unknown }).__pailXss).toBeUndefined();
  });

  it('says when a merge changed no file contents', async () => {
    renderApp(`/acme/gadgets/commits/${MERGE_HASH}`);
    expect(await screen.findByText('No file contents changed in this commit.')).toBeInTheDocument();
    expect(screen.getByText('0 files changed')).toBeInTheDocument();
    expect(screen.getAllByText('Merge').length).toBeGreaterThan(0);
  });

  it('accepts a short hash and fetches by it', async () => {
    const requests = recordRequests();
    renderApp(`/acme/gadgets/commits/${HEAD_HASH.slice(0, 12)}`);
    expect(
      await screen.findByRole('heading', {
        level: 2,
        name: 'Add the dark-mode theme and retire the old registry',
      }),
    ).toBeInTheDocument();
    expect(requestsTo(requests, `${REPO_API}/commit/${HEAD_HASH.slice(0, 12)}`)).toHaveLength(1);
    expect(requestsTo(requests, `${REPO_API}/diff/${HEAD_HASH.slice(0, 12)}`)).toHaveLength(1);
  });

  it('shows loading states while the commit and its diff load', async () => {
    renderApp(`/acme/gadgets/commits/${HEAD_HASH}`);
    expect(await screen.findByText('Loading the commit…')).toBeInTheDocument();
    expect(await diffFile('src/index.ts')).toBeInTheDocument();
  });

  it('explains a commit that does not exist', async () => {
    renderApp('/acme/gadgets/commits/deadbeefdeadbeef');
    expect(await screen.findByRole('alert', { name: 'Commit not found' })).toHaveTextContent(
      'There is no commit “deadbeefdeadbeef” in acme/gadgets',
    );
    await waitFor(() => expect(document.title).toBe('Commit not found · Pail'));
  });

  it('explains a failed diff with a retry, keeping the commit and its files', async () => {
    server.use(
      http.get(`${REPO_API}/diff/:spec`, () => bitbucketError(500, 'Diff service down'), {
        once: true,
      }),
    );
    const { user } = renderApp(`/acme/gadgets/commits/${HEAD_HASH}`);

    const alert = await screen.findByRole('alert', {
      name: 'Could not load the diff of this commit',
    });
    expect(alert).toHaveTextContent('Diff service down');
    expect(await screen.findByRole('list', { name: 'Changed files' })).toBeInTheDocument();
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await diffFile('src/index.ts')).toBeInTheDocument();
  });
});
