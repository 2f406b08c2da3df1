import { screen, waitFor, within } from '@testing-library/react';
import type { Commit, Diffstat } from '@pail/shared/bitbucket';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { BITBUCKET_API } from '@/testing/mocks/fixtures';
import { HISTORY_REPO, HISTORY_WORKSPACE, mainCommits } from '@/testing/mocks/history-fixtures';
import { server } from '@/testing/mocks/server';
import { recordRequests } from '@/testing/record-requests';
import { renderApp } from '@/testing/render-app';

const BIG_HASH = 'b16b16b16b16b16b16b16b16b16b16b16b16b160';
const FILE_COUNT = 5_000;
const REPOSITORY = `/api/2.0/repositories/${HISTORY_WORKSPACE}/${HISTORY_REPO}`;

const pathOf = (index: number) => `services/svc-${String(index).padStart(4, '0')}/config.yaml`;

const entries: Diffstat[] = Array.from({ length: FILE_COUNT }, (_, index) => ({
  type: 'diffstat',
  status: 'modified',
  lines_added: 1,
  lines_removed: 1,
  old: { type: 'commit_file', path: pathOf(index) },
  new: { type: 'commit_file', path: pathOf(index) },
}));

function fileDiff(path: string): string {
  return `diff --git a/${path} b/${path}
index 1111111..2222222 100644
--- a/${path}
+++ b/${path}
@@ -1,2 +1,2 @@
 name: ${path}
-replicas: 2
+replicas: 3
`;
}

/** A promise the test resolves when it chooses: later diffstat pages wait on it. */
function gate(): { held: Promise<void>; release: () => void } {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { held, release };
}

/**
 * A commit touching 5,000 files, paged as Bitbucket pages a diffstat (500 a page). `later` answers the
 * pages after the first: by default at once.
 */
function useBigCommit(
  later: (page: number) => Promise<Response | undefined> = async () => undefined,
) {
  const base = mainCommits[0]!;
  const commit: Commit = {
    ...base,
    hash: BIG_HASH,
    message: 'Raise every service to three replicas\n',
  };
  server.use(
    http.get(`${REPOSITORY}/commit/${BIG_HASH}`, () => HttpResponse.json(commit)),
    http.get(`${REPOSITORY}/diffstat/${BIG_HASH}`, async ({ request }) => {
      const url = new URL(request.url);
      const pagelen = Number(url.searchParams.get('pagelen')) || 500;
      const page = Number(url.searchParams.get('page')) || 1;
      if (page > 1) {
        const answer = await later(page);
        if (answer !== undefined) return answer;
      }
      const next = new URL(url.pathname.replace(/^\/api/, '') + url.search, BITBUCKET_API);
      next.searchParams.set('page', String(page + 1));
      return HttpResponse.json({
        pagelen,
        page,
        size: entries.length,
        values: entries.slice((page - 1) * pagelen, page * pagelen),
        ...(page * pagelen < entries.length ? { next: next.href } : {}),
      });
    }),
    http.get(`${REPOSITORY}/diff/${BIG_HASH}`, ({ request }) => {
      const path = new URL(request.url).searchParams.get('path');
      if (!path) return new HttpResponse('whole diff', { status: 500 });
      return new HttpResponse(fileDiff(path), { headers: { 'Content-Type': 'text/plain' } });
    }),
  );
}

describe('a commit touching 5,000 files', () => {
  it('lists every file but renders only a screenful, and never asks for the whole diff', async () => {
    useBigCommit();
    const requests = recordRequests();
    renderApp(`/${HISTORY_WORKSPACE}/${HISTORY_REPO}/commits/${BIG_HASH}`);

    const list = await screen.findByRole('list', { name: 'Changed files' });
    expect(await screen.findByText('5,000 files changed')).toBeInTheDocument();
    const rows = within(list).getAllByRole('listitem');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(100);
    expect(rows[0]).toHaveAttribute('aria-setsize', String(FILE_COUNT));
    expect(within(rows[0]!).getByRole('button', { name: pathOf(0) })).toBeInTheDocument();

    const diffRequests = requests.filter((request) => request.url.pathname.includes('/diff/'));
    expect(diffRequests).toEqual([]);
    // Ten pages of 500, each asked for once.
    const pages = requests
      .filter((request) => request.url.pathname.endsWith(`/diffstat/${BIG_HASH}`))
      .map((request) => request.url.searchParams.get('page') ?? '1');
    expect(pages).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });

  it('shows the first 500 files at once and the rest as they arrive, usable meanwhile', async () => {
    const { held, release } = gate();
    useBigCommit(async () => {
      await held;
      return undefined;
    });
    const { user } = renderApp(`/${HISTORY_WORKSPACE}/${HISTORY_REPO}/commits/${BIG_HASH}`);

    const list = await screen.findByRole('list', { name: 'Changed files' });
    expect(screen.getByText('500 files changed so far')).toBeInTheDocument();
    expect(screen.getByText('Listing the rest of the changed files…')).toHaveAttribute(
      'role',
      'status',
    );
    expect(within(list).getAllByRole('listitem')[0]).toHaveAttribute('aria-setsize', '500');
    // A file already listed opens before the others arrive.
    await user.click(within(list).getByRole('button', { name: pathOf(0) }));
    expect(await screen.findByRole('region', { name: pathOf(0) })).toBeInTheDocument();

    release();
    expect(await screen.findByText('5,000 files changed')).toBeInTheDocument();
    expect(screen.queryByText('Listing the rest of the changed files…')).not.toBeInTheDocument();
    expect(within(list).getAllByRole('listitem')[0]).toHaveAttribute('aria-setsize', '5000');
    expect(screen.getByRole('region', { name: pathOf(0) })).toBeInTheDocument();
  });

  it('reads a list cut short by leaving the page again when the page is shown next', async () => {
    const { held, release } = gate();
    useBigCommit(async () => {
      await held;
      return undefined;
    });
    const requests = recordRequests();
    const { router } = renderApp(`/${HISTORY_WORKSPACE}/${HISTORY_REPO}/commits/${BIG_HASH}`);
    expect(await screen.findByText('500 files changed so far')).toBeInTheDocument();

    // Leaving cancels the reading (nothing shows the list any more); coming back must not take the
    // first 500 files for the whole commit.
    await router.navigate(`/${HISTORY_WORKSPACE}/${HISTORY_REPO}/commits`);
    await screen.findByRole('list', { name: 'Commits' });
    await router.navigate(-1);
    expect(await screen.findByText('500 files changed so far')).toBeInTheDocument();
    release();
    expect(await screen.findByText('5,000 files changed')).toBeInTheDocument();
    const firstPages = requests.filter(
      (request) =>
        request.url.pathname.endsWith(`/diffstat/${BIG_HASH}`) &&
        !request.url.searchParams.has('page'),
    );
    expect(firstPages).toHaveLength(2);
  });

  it('keeps the files it listed when a later page fails, and lists the rest on Retry', async () => {
    let failing = true;
    useBigCommit(async (page) =>
      failing && page === 3
        ? HttpResponse.json(
            { type: 'error', error: { message: 'Something went wrong' } },
            { status: 500 },
          )
        : undefined,
    );
    const { user } = renderApp(`/${HISTORY_WORKSPACE}/${HISTORY_REPO}/commits/${BIG_HASH}`);

    const alert = await screen.findByRole('alert', {}, { timeout: 10_000 });
    expect(alert).toHaveTextContent(/the rest of the files changed in this commit/);
    expect(screen.getByText('1,000 files changed so far')).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Changed files' })).toBeInTheDocument();

    failing = false;
    await user.click(within(alert).getByRole('button', { name: /retry/i }));
    expect(await screen.findByText('5,000 files changed')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('asks for the whole diff of a small change only once every page of its files is in', async () => {
    const SMALL_HASH = '5a115a115a115a115a115a115a115a115a115a11';
    const { held, release } = gate();
    const small = (index: number): Diffstat => ({ ...entries[index]!, lines_added: 1 });
    server.use(
      http.get(`${REPOSITORY}/commit/${SMALL_HASH}`, () =>
        HttpResponse.json({ ...mainCommits[0]!, hash: SMALL_HASH }),
      ),
      // A server that pages by two: the first page alone does not tell whether the change is small.
      http.get(`${REPOSITORY}/diffstat/${SMALL_HASH}`, async ({ request }) => {
        const page = Number(new URL(request.url).searchParams.get('page')) || 1;
        if (page === 1) {
          return HttpResponse.json({
            values: [small(0), small(1)],
            next: `${BITBUCKET_API}/2.0/repositories/${HISTORY_WORKSPACE}/${HISTORY_REPO}/diffstat/${SMALL_HASH}?page=2`,
          });
        }
        await held;
        return HttpResponse.json({ values: [small(2)] });
      }),
      http.get(`${REPOSITORY}/diff/${SMALL_HASH}`, () =>
        HttpResponse.text([0, 1, 2].map((index) => fileDiff(pathOf(index))).join('')),
      ),
    );
    const requests = recordRequests();
    renderApp(`/${HISTORY_WORKSPACE}/${HISTORY_REPO}/commits/${SMALL_HASH}`);

    expect(await screen.findByText('2 files changed so far')).toBeInTheDocument();
    const wholeDiffs = () =>
      requests.filter((request) => request.url.pathname.endsWith(`/diff/${SMALL_HASH}`));
    expect(wholeDiffs()).toEqual([]);

    release();
    expect(await screen.findByText('3 files changed')).toBeInTheDocument();
    expect(await screen.findByRole('region', { name: pathOf(2) })).toBeInTheDocument();
    expect(wholeDiffs()).toHaveLength(1);
  });

  it('says a small change’s list was cut short, and waits for no diff it will not ask for', async () => {
    const SMALL_HASH = '5a115a115a115a115a115a115a115a115a115a12';
    server.use(
      http.get(`${REPOSITORY}/commit/${SMALL_HASH}`, () =>
        HttpResponse.json({ ...mainCommits[0]!, hash: SMALL_HASH }),
      ),
      http.get(`${REPOSITORY}/diffstat/${SMALL_HASH}`, ({ request }) =>
        new URL(request.url).searchParams.has('page')
          ? HttpResponse.json({ type: 'error', error: { message: 'Oops' } }, { status: 500 })
          : HttpResponse.json({
              values: [entries[0]!],
              next: `${BITBUCKET_API}/2.0/repositories/${HISTORY_WORKSPACE}/${HISTORY_REPO}/diffstat/${SMALL_HASH}?page=2`,
            }),
      ),
    );
    const requests = recordRequests();
    renderApp(`/${HISTORY_WORKSPACE}/${HISTORY_REPO}/commits/${SMALL_HASH}`);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/the rest of the files changed in this commit/);
    expect(screen.getByText('1 file changed so far')).toBeInTheDocument();
    expect(screen.queryByText('Loading the diff…')).not.toBeInTheDocument();
    expect(requests.filter((request) => request.url.pathname.includes('/diff/'))).toEqual([]);
  });

  it("fetches one file's diff with path= when it is opened, and moves focus to it", async () => {
    useBigCommit();
    const requests = recordRequests();
    const { user } = renderApp(`/${HISTORY_WORKSPACE}/${HISTORY_REPO}/commits/${BIG_HASH}`);

    const list = await screen.findByRole('list', { name: 'Changed files' });
    const second = within(list).getByRole('button', { name: pathOf(1) });
    await user.click(second);

    const file = await screen.findByRole('region', { name: pathOf(1) });
    expect(within(file).getByText('replicas: 3')).toBeInTheDocument();
    expect(second).toHaveAttribute('aria-pressed', 'true');
    await waitFor(() => expect(file.parentElement).toHaveFocus());
    const asked = requests
      .filter((request) => request.url.pathname.includes('/diff/'))
      .map((request) => request.url.searchParams.getAll('path'));
    expect(asked).toEqual([[pathOf(1)]]);

    // Pressed again it closes; opened once more it comes from the cache.
    await user.click(second);
    expect(second).toHaveAttribute('aria-pressed', 'false');
    expect(screen.queryByRole('region', { name: pathOf(1) })).not.toBeInTheDocument();
    await user.click(second);
    expect(await screen.findByRole('region', { name: pathOf(1) })).toBeInTheDocument();
    expect(requests.filter((request) => request.url.pathname.includes('/diff/'))).toHaveLength(1);
  });
});
