import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paginate, withCsrf } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { directoryEntry, largeFolderEntries, MAIN_HASH } from '@/testing/mocks/source-fixtures';
import { sourceHandlers } from '@/testing/mocks/source-handlers';
import { renderApp } from '@/testing/render-app';

const SLOW = { timeout: 15_000 };

/** Serves `huge/` at the main commit with `count` files, through Bitbucket's pages of at most 100. */
function serveLargeFolder(count: number) {
  const entries = largeFolderEntries(MAIN_HASH, 'huge', count);
  const pages: string[] = [];
  server.use(
    http.get(
      `/api/2.0/repositories/acme/widgets/src/${MAIN_HASH}/huge*`,
      withCsrf(({ request }) => {
        const url = new URL(request.url);
        if (url.searchParams.get('format') === 'meta') {
          return HttpResponse.json(directoryEntry(MAIN_HASH, 'huge'));
        }
        if (!url.pathname.endsWith('/huge/')) return undefined;
        pages.push(url.searchParams.get('page') ?? '1');
        return HttpResponse.json(paginate(entries, request.url));
      }),
    ),
  );
  return pages;
}

/** Where the window has scrolled to; the virtualiser reads it on `scroll`. */
function scrollWindowTo(y: number) {
  Object.defineProperty(window, 'scrollY', { value: y, configurable: true });
  act(() => {
    window.dispatchEvent(new Event('scroll'));
  });
}

function renderedRows(table: HTMLElement) {
  return [...table.querySelectorAll('tbody tr[aria-rowindex]')];
}

beforeEach(() => {
  server.use(...sourceHandlers);
});

afterEach(() => {
  Object.defineProperty(window, 'scrollY', { value: 0, configurable: true });
});

describe('a folder with 10,000 entries', { timeout: 60_000 }, () => {
  it('reads every page, renders only the rows in view, and still reaches the last ones', async () => {
    const pages = serveLargeFolder(10_000);
    renderApp('/acme/widgets/src/main/huge');
    expect(await screen.findByRole('link', { name: 'file-00001.txt' }, SLOW)).toBeInTheDocument();
    expect(pages).toHaveLength(100);

    const table = screen.getByRole('table');
    expect(table).toHaveAttribute('aria-rowcount', '10001');
    const rows = renderedRows(table);
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(100);
    expect(rows[0]).toHaveAttribute('aria-rowindex', '2');
    expect(screen.queryByRole('link', { name: 'file-10000.txt' })).toBeNull();
    expect(screen.queryByText(/more than/)).toBeNull();

    scrollWindowTo(9_990 * 38);
    const last = await screen.findByRole('link', { name: 'file-10000.txt' });
    expect(last).toHaveAttribute('href', '/acme/widgets/src/main/huge/file-10000.txt');
    expect(last.closest('tr')).toHaveAttribute('aria-rowindex', '10001');
    expect(screen.queryByRole('link', { name: 'file-00001.txt' })).toBeNull();
    expect(renderedRows(table).length).toBeLessThan(100);
  });

  it('walks every entry with Tab, past the rows that were rendered, and keeps the focused row', async () => {
    serveLargeFolder(10_000);
    const { user } = renderApp('/acme/widgets/src/main/huge');
    await screen.findByRole('link', { name: 'file-00001.txt' }, SLOW);
    const table = screen.getByRole('table');
    const lastRendered = renderedRows(table).at(-1)!;
    const position = Number(lastRendered.getAttribute('aria-rowindex')) - 1;
    const name = (n: number) => `file-${String(n).padStart(5, '0')}.txt`;
    expect(screen.queryByRole('link', { name: name(position + 1) })).toBeNull();

    within(lastRendered as HTMLElement)
      .getByRole('link')
      .focus();
    await user.tab();
    expect(screen.getByRole('link', { name: name(position + 1) })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole('link', { name: name(position + 2) })).toHaveFocus();
    await user.tab({ shift: true });
    expect(screen.getByRole('link', { name: name(position + 1) })).toHaveFocus();

    // Scrolled far away, the focused row stays in the document and keeps the focus.
    scrollWindowTo(9_990 * 38);
    await screen.findByRole('link', { name: 'file-10000.txt' });
    expect(screen.getByRole('link', { name: name(position + 1) })).toHaveFocus();
  });

  it('says honestly when a folder has more entries than Pail reads', async () => {
    const pages = serveLargeFolder(10_050);
    renderApp('/acme/widgets/src/main/huge');
    expect(
      await screen.findByText(
        /This folder has more than 10,000 entries; Pail lists the first 10,000 Bitbucket returns/,
        {},
        SLOW,
      ),
    ).toBeInTheDocument();
    expect(pages).toHaveLength(100);
    await waitFor(() =>
      expect(screen.getByRole('table')).toHaveAttribute('aria-rowcount', '10001'),
    );
  });
});
