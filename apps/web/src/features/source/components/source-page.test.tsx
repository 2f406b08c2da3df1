import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type * as HighlightModule from '@/lib/highlight';
import { bitbucketError } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { sourceHandlers } from '@/testing/mocks/source-handlers';
import { DARK_MODE_HASH, MAIN_HASH, sourceTrees } from '@/testing/mocks/source-fixtures';
import { recordRequests } from '@/testing/record-requests';
import { renderApp } from '@/testing/render-app';

const highlight = vi.hoisted(() => ({ calls: [] as Array<[string, string]> }));

vi.mock('@/lib/highlight', async (importOriginal) => {
  const actual = await importOriginal<typeof HighlightModule>();
  return {
    ...actual,
    highlightCode: (code: string, language: string) => {
      highlight.calls.push([code, language]);
      return actual.highlightCode(code, language);
    },
  };
});

const SLOW = { timeout: 10_000 };

beforeEach(() => {
  highlight.calls = [];
  // These handlers first, whatever else is registered for the same paths.
  server.use(...sourceHandlers);
});

function fileRows() {
  const table = screen.getByRole('table');
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    );
}

describe('the source browser: folders', { timeout: 30_000 }, () => {
  it('lists the main branch root, folders first, with sizes, and never loads the highlighter', async () => {
    renderApp('/acme/widgets/src');
    await screen.findByRole('link', { name: /^assets/ }, SLOW);

    const rows = fileRows();
    const names = rows.map(([name]) => name?.replace(' (folder)', ''));
    expect(names.slice(0, 6)).toEqual(['assets', 'bin', 'data', 'docs', 'scripts', 'src']);
    expect(names).toContain('README.md');
    expect(rows.find(([name]) => name === 'package.json')?.[1]).toMatch(/^\d+ bytes$/);
    expect(screen.getByRole('link', { name: 'src (folder)' })).toHaveAttribute(
      'href',
      '/acme/widgets/src/main/src',
    );
    expect(screen.getByRole('link', { name: 'Source' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('button', { name: 'Branch: main' })).toHaveAttribute(
      'aria-expanded',
      'false',
    );
    await waitFor(() => expect(document.title).toBe('Source at main · acme/widgets · Pail'));
    expect(highlight.calls).toEqual([]);
  });

  it('walks into a nested folder with breadcrumbs back up', async () => {
    const { user, currentUrl } = renderApp('/acme/widgets/src/main/src');
    await user.click(await screen.findByRole('link', { name: 'lib (folder)' }, SLOW));
    await user.click(await screen.findByRole('link', { name: 'format (folder)' }));
    expect(await screen.findByRole('link', { name: 'format-date.ts' })).toBeInTheDocument();
    expect(currentUrl()).toBe('/acme/widgets/src/main/src/lib/format');

    const crumbs = screen.getByRole('navigation', { name: 'File path' });
    expect(within(crumbs).getByText('format')).toHaveAttribute('aria-current', 'page');
    await user.click(within(crumbs).getByRole('link', { name: 'src' }));
    expect(await screen.findByRole('link', { name: 'lib (folder)' })).toBeInTheDocument();
    expect(currentUrl()).toBe('/acme/widgets/src/main/src');
  });

  it('starts the next Tab from the new page when the followed link is gone, not from the top of the document', async () => {
    const { user, currentUrl } = renderApp('/acme/widgets/src/main/src');
    const folder = await screen.findByRole('link', { name: 'lib (folder)' }, SLOW);
    folder.focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('link', { name: 'format (folder)' }, SLOW)).toBeInTheDocument();
    expect(currentUrl()).toBe('/acme/widgets/src/main/src/lib');
    expect(folder).not.toBeInTheDocument();
    expect(screen.getByRole('main')).toHaveFocus();
  });

  it('resolves a branch whose name contains slashes, and shows a file only that branch has', async () => {
    renderApp('/acme/widgets/src/feature/dark-mode/src/theme');
    expect(await screen.findByRole('link', { name: 'dark-mode.ts' }, SLOW)).toHaveAttribute(
      'href',
      '/acme/widgets/src/feature/dark-mode/src/theme/dark-mode.ts',
    );
    expect(screen.getByRole('button', { name: 'Branch: feature/dark-mode' })).toBeInTheDocument();
  });

  it('accepts a commit hash, short or full, and bitbucket.org’s ?at= form', async () => {
    const first = renderApp(`/acme/widgets/src/${DARK_MODE_HASH.slice(0, 7)}/src/theme`);
    expect(await screen.findByRole('link', { name: 'dark-mode.ts' }, SLOW)).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: `Commit: ${DARK_MODE_HASH.slice(0, 7)}` }),
    ).toBeInTheDocument();
    first.unmount();

    renderApp('/acme/widgets/src?at=feature/dark-mode');
    expect(
      await screen.findByRole('button', { name: 'Branch: feature/dark-mode' }, SLOW),
    ).toBeInTheDocument();
  });

  it('says when the ref is neither a branch, a tag nor a commit', async () => {
    renderApp('/acme/widgets/src/no-such-branch/src');
    const alert = await screen.findByRole('alert', {}, SLOW);
    expect(alert).toHaveTextContent('Branch, tag or commit not found');
    expect(alert).toHaveTextContent('“no-such-branch” is not a branch, tag or commit');
    await waitFor(() => expect(document.title).toBe('Branch, tag or commit not found · Pail'));
  });

  it('says when a path does not exist at the ref', async () => {
    renderApp('/acme/widgets/src/main/nope/missing.ts');
    const alert = await screen.findByRole('alert', {}, SLOW);
    expect(alert).toHaveTextContent('File not found');
    expect(alert).toHaveTextContent('There is no file or folder “nope/missing.ts” at main.');
  });

  it('names the missing Bitbucket permission on a 403, and the wait on a 429', async () => {
    server.use(
      http.get('/api/2.0/repositories/acme/widgets/src/*', () =>
        bitbucketError(403, 'Your credentials lack one or more required privilege scopes.', {
          required: ['repository'],
          granted: ['account'],
        }),
      ),
    );
    const first = renderApp('/acme/widgets/src/main/src');
    expect(await screen.findByRole('alert', {}, SLOW)).toHaveTextContent(
      'Pail needs more access to Bitbucket',
    );
    first.unmount();

    server.use(
      http.get('/api/2.0/repositories/acme/widgets/src/*', () =>
        bitbucketError(429, 'Rate limit for this resource has been exceeded.', undefined, {
          'Retry-After': '30',
        }),
      ),
    );
    renderApp('/acme/widgets/src/main/src');
    const alert = await screen.findByRole('alert', {}, SLOW);
    expect(alert).toHaveTextContent("Bitbucket's rate limit was reached");
  });

  it('shows an empty folder as such', async () => {
    server.use(
      http.get(`/api/2.0/repositories/acme/widgets/src/${MAIN_HASH}/`, () =>
        HttpResponse.json({ pagelen: 100, page: 1, size: 0, values: [] }),
      ),
    );
    renderApp('/acme/widgets/src');
    expect(
      await screen.findByRole('heading', { name: 'This folder is empty' }, SLOW),
    ).toBeInTheDocument();
  });
});

describe('the source browser: files', { timeout: 30_000 }, () => {
  it('highlights a file with Shiki, loaded for files only, with line numbers and actions', async () => {
    const { user } = renderApp('/acme/widgets/src/main/src/lib/format/format-date.ts');
    expect(
      await screen.findByRole('heading', { name: 'format-date.ts' }, SLOW),
    ).toBeInTheDocument();
    const code = await screen.findByRole('region', { name: 'Contents of format-date.ts' }, SLOW);
    expect(within(code).getByRole('link', { name: 'Line 1' })).toHaveAttribute('href', '#lines-1');
    expect(within(code).getAllByRole('link')).toHaveLength(12);
    expect(code).toHaveTextContent('export function formatDate(date: Date, format: DateFormat)');

    await waitFor(() => expect(code.closest('[data-highlighted]')).not.toBeNull(), SLOW);
    expect(highlight.calls.map(([, language]) => language)).toEqual(['typescript']);
    const keyword = within(code).getAllByText('export')[0]!;
    expect(keyword.style.getPropertyValue('--shiki-light')).toMatch(/^#/);
    expect(keyword.style.getPropertyValue('--shiki-dark')).toMatch(/^#/);

    expect(screen.getByRole('link', { name: 'Raw' })).toHaveAttribute(
      'href',
      `/acme/widgets/raw/${MAIN_HASH}/src/lib/format/format-date.ts`,
    );
    expect(screen.getByRole('link', { name: 'Download' })).toHaveAttribute(
      'href',
      `/acme/widgets/raw/${MAIN_HASH}/src/lib/format/format-date.ts?download=1`,
    );
    expect(screen.getByRole('link', { name: 'History' })).toHaveAttribute(
      'href',
      '/acme/widgets/commits/branch/main?path=src%2Flib%2Fformat%2Fformat-date.ts',
    );
    await waitFor(() =>
      expect(document.title).toBe('src/lib/format/format-date.ts at main · acme/widgets · Pail'),
    );
    await user.keyboard('{Escape}');
  });

  it('shows a hostile file name and highlighted markup as text, never as markup', async () => {
    const files = sourceTrees[MAIN_HASH]!;
    const name = '<img src=x onerror="window.__pailXss=1">.html';
    files[`docs/${name}`] = {
      content:
        '<script>window.__pailXss = 2</script>\n<a href="javascript:window.__pailXss=3">x</a>\n',
      mimetype: 'text/html',
    };
    onTestFinished(() => {
      delete files[`docs/${name}`];
    });
    const { container, user } = renderApp('/acme/widgets/src/main/docs');
    await user.click(await screen.findByRole('link', { name }, SLOW));
    const code = await screen.findByRole('region', { name: `Contents of ${name}` }, SLOW);
    await waitFor(() => expect(code.closest('[data-highlighted]')).not.toBeNull(), SLOW);
    expect(highlight.calls.map(([, language]) => language)).toEqual(['html']);
    expect(code).toHaveTextContent('<script>window.__pailXss = 2</script>');
    expect(screen.getByRole('heading', { name })).toBeInTheDocument();
    expect(container.querySelector('script, img[onerror], a[href^="javascript"]')).toBeNull();
    expect((window as { __pailXss?: unknown }).__pailXss).toBeUndefined();
  });

  it('ignores a line range beyond the file or too large to be a number', async () => {
    renderApp('/acme/widgets/src/main/src/index.ts#lines-99999999999999999999999:3');
    const code = await screen.findByRole('region', { name: 'Contents of index.ts' }, SLOW);
    expect(code).toHaveTextContent('export { formatDate }');
    expect(screen.queryByText(/selected$/)).toBeNull();
    expect(code.querySelector('.is-selected')).toBeNull();
  });

  it('selects lines like Bitbucket: click a number, shift-click to extend; the hash follows', async () => {
    const { user, currentUrl } = renderApp('/acme/widgets/src/main/src/lib/format/format-date.ts');
    const code = await screen.findByRole('region', { name: 'Contents of format-date.ts' }, SLOW);

    await user.click(within(code).getByRole('link', { name: 'Line 3' }));
    expect(currentUrl()).toBe('/acme/widgets/src/main/src/lib/format/format-date.ts#lines-3');
    expect(screen.getByRole('status', { name: '' })).toHaveTextContent('Line 3 selected');

    await user.keyboard('{Shift>}');
    await user.click(within(code).getByRole('link', { name: 'Line 7' }));
    await user.keyboard('{/Shift}');
    expect(currentUrl()).toBe('/acme/widgets/src/main/src/lib/format/format-date.ts#lines-3:7');
    expect(screen.getByText('Lines 3–7 selected')).toBeInTheDocument();

    const selected = code.querySelectorAll('.code-line.is-selected');
    expect([...selected].map((line) => line.getAttribute('data-line'))).toEqual([
      '3',
      '4',
      '5',
      '6',
      '7',
    ]);
  });

  it('opens with the range in the URL selected and scrolled to', async () => {
    const scrolled: string[] = [];
    Element.prototype.scrollIntoView = function scrollIntoView(this: Element) {
      scrolled.push(this.id);
    };
    renderApp('/acme/widgets/src/main/src/lib/format/format-date.ts#lines-8:10');
    expect(await screen.findByText('Lines 8–10 selected', {}, SLOW)).toBeInTheDocument();
    await waitFor(() => expect(scrolled).toContain('lines-8'));
    // @ts-expect-error -- jsdom has no scrollIntoView; remove the stand-in again.
    delete Element.prototype.scrollIntoView;
  });

  it('renders only the lines in view of a long file, and still reaches a linked line', async () => {
    renderApp('/acme/widgets/src/main/data/long.txt#lines-4000');
    const code = await screen.findByRole('region', { name: 'Contents of long.txt' }, SLOW);
    expect(await screen.findByText('Line 4000 selected')).toBeInTheDocument();
    const rendered = code.querySelectorAll('.code-line');
    expect(rendered.length).toBeGreaterThan(0);
    expect(rendered.length).toBeLessThan(500);
  });

  it('prefetches a folder when the pointer reaches its link', async () => {
    const requests: string[] = [];
    server.events.on('request:start', ({ request }) =>
      requests.push(new URL(request.url).pathname),
    );
    const { user } = renderApp('/acme/widgets/src/main');
    const docs = await screen.findByRole('link', { name: 'docs (folder)' }, SLOW);
    expect(requests).not.toContain(`/api/2.0/repositories/acme/widgets/src/${MAIN_HASH}/docs/`);
    await user.hover(docs);
    await waitFor(() =>
      expect(requests).toContain(`/api/2.0/repositories/acme/widgets/src/${MAIN_HASH}/docs/`),
    );
    server.events.removeAllListeners();
  });

  it("links a tag's file to the tag's history", async () => {
    renderApp('/acme/widgets/src/v1.0.0/src/index.ts');
    expect(await screen.findByRole('link', { name: 'History' }, SLOW)).toHaveAttribute(
      'href',
      '/acme/widgets/commits/tag/v1.0.0?path=src%2Findex.ts',
    );
    expect(screen.getByRole('button', { name: 'Tag: v1.0.0' })).toBeInTheDocument();
  });

  it('keeps a JSON file byte for byte, as written', async () => {
    renderApp('/acme/widgets/src/main/package.json');
    const code = await screen.findByRole('region', { name: 'Contents of package.json' }, SLOW);
    expect(within(code).getAllByRole('link')).toHaveLength(4);
    expect(code.querySelector('[data-line="3"] .code-line__text')?.textContent).toBe(
      '    "private": true',
    );
  });

  it('shows an image inline from Pail’s raw route, never through the API', async () => {
    renderApp('/acme/widgets/src/main/docs/images/logo.png');
    const image = await screen.findByRole('img', { name: 'logo.png' }, SLOW);
    expect(image).toHaveAttribute('src', `/acme/widgets/raw/${MAIN_HASH}/docs/images/logo.png`);
    expect(highlight.calls).toEqual([]);
  });

  it('shows an SVG as an image (where its script cannot run), not as markup', async () => {
    const { container } = renderApp('/acme/widgets/src/main/assets/logo.svg');
    const image = await screen.findByRole('img', { name: 'logo.svg' }, SLOW);
    expect(image.tagName).toBe('IMG');
    expect(container.querySelector('svg script, script')).toBeNull();
  });

  it('does not download a file Bitbucket marks binary, and offers Raw and Download', async () => {
    const requests: string[] = [];
    server.events.on('request:start', ({ request }) => requests.push(request.url));
    renderApp('/acme/widgets/src/main/bin/widgets-linux-amd64');
    const notice = await screen.findByRole('note', { name: 'Binary file' }, SLOW);
    expect(notice).toHaveTextContent('widgets-linux-amd64 is a binary file (10 bytes)');
    expect(screen.getByRole('link', { name: 'Raw' })).toBeInTheDocument();
    expect(requests.filter((url) => url.endsWith('/bin/widgets-linux-amd64'))).toEqual([]);
    server.events.removeAllListeners();
  });

  it('recognises binary content by its NUL bytes when Bitbucket does not say', async () => {
    renderApp('/acme/widgets/src/main/bin/unflagged.dat');
    expect(await screen.findByRole('note', { name: 'Binary file' }, SLOW)).toHaveTextContent(
      'unflagged.dat is not text',
    );
    expect(screen.queryByRole('region', { name: /Contents of/ })).toBeNull();
  });

  it('does not download a file over 8 MB, deciding from its size alone', async () => {
    const requests: string[] = [];
    server.events.on('request:start', ({ request }) => requests.push(request.url));
    renderApp('/acme/widgets/src/main/data/large-fixture.txt');
    const notice = await screen.findByRole('note', { name: 'File too large to display' }, SLOW);
    expect(notice).toHaveTextContent('large-fixture.txt is 12 MB; Pail displays files up to 8 MB');
    expect(screen.getByRole('link', { name: 'Download' })).toHaveAttribute(
      'href',
      `/acme/widgets/raw/${MAIN_HASH}/data/large-fixture.txt?download=1`,
    );
    expect(requests.filter((url) => url.endsWith('/data/large-fixture.txt'))).toEqual([]);
    server.events.removeAllListeners();
  });

  it('renders Markdown files safely with a Source/Rendered toggle; relative links stay in Pail', async () => {
    const { user, container } = renderApp('/acme/widgets/src/main/docs/guide.md');
    expect(await screen.findByRole('heading', { name: 'The guide' }, SLOW)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Rendered' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(screen.getByRole('link', { name: 'the README' })).toHaveAttribute(
      'href',
      `/acme/widgets/src/${MAIN_HASH}/README.md`,
    );
    expect(screen.getByRole('link', { name: 'logo' })).toHaveAttribute(
      'href',
      `/acme/widgets/src/${MAIN_HASH}/docs/images/logo.png`,
    );

    await user.click(screen.getByRole('button', { name: 'Source' }));
    const code = screen.getByRole('region', { name: 'Contents of guide.md' });
    expect(code).toHaveTextContent('# The guide');
    expect(container.querySelector('.markdown')).toBeNull();
  });

  it('keeps encoded climbs in a Markdown file inside the repository, never another workspace', async () => {
    const files = sourceTrees[MAIN_HASH]!;
    files['docs/escape.md'] = {
      content: [
        '[encoded](a%2F..%2F..%2F..%2F..%2Fother-ws%2Fother-repo)',
        '[dots](%2e%2e/%2e%2e/%2e%2e/other-ws/other-repo)',
        '[backslash](/\\evil.example)',
        '[protocol-relative](//evil.example/x)',
      ].join('\n\n'),
      mimetype: 'text/markdown',
    };
    onTestFinished(() => {
      delete files['docs/escape.md'];
    });
    renderApp('/acme/widgets/src/main/docs/escape.md');
    const encoded = await screen.findByText('encoded', {}, SLOW);
    expect(encoded).not.toHaveAttribute('href');
    expect(screen.getByText('dots')).not.toHaveAttribute('href');
    const backslash = screen.getByRole('link', { name: 'backslash' });
    expect(backslash).toHaveAttribute('href', `/acme/widgets/src/${MAIN_HASH}/%5Cevil.example`);
    expect(new URL(backslash.getAttribute('href')!, 'https://pail.example').origin).toBe(
      'https://pail.example',
    );
    expect(screen.getByRole('link', { name: 'protocol-relative' })).toHaveAttribute(
      'rel',
      'noopener noreferrer',
    );
  });

  it('treats a path with dot segments as a missing file, asking Bitbucket for nothing outside the repository', async () => {
    const requests = recordRequests();
    renderApp('/acme/widgets/src/main/docs/..%2F..%2F..%2F..%2Fuser');
    const alert = await screen.findByRole('alert', {}, SLOW);
    expect(alert).toHaveTextContent('File not found');
    await waitFor(() => expect(document.title).toBe('File not found · Pail'));
    for (const request of requests) {
      if (request.url.pathname.startsWith('/api/')) {
        expect(request.url.pathname).toMatch(/^\/api\/2\.0\/repositories\/acme\/widgets(\/|$)/);
      }
    }
  });

  it('opens a file whose name has spaces and accents', async () => {
    renderApp('/acme/widgets/src/main/docs');
    const link = await screen.findByRole('link', { name: 'Café notes — 2026.md' }, SLOW);
    expect(link).toHaveAttribute(
      'href',
      '/acme/widgets/src/main/docs/Caf%C3%A9%20notes%20%E2%80%94%202026.md',
    );
  });
});

/** The ref switcher's button, whatever the current ref. */
const refButton = () => screen.getByRole('button', { name: /^(Branch|Tag|Commit): / });

/** Opens the ref switcher with a click and waits for `name` among its options. */
async function openRefSwitcher(user: ReturnType<typeof renderApp>['user'], name: string) {
  await user.click(await screen.findByRole('button', { name: /^(Branch|Tag|Commit): / }, SLOW));
  const dialog = screen.getByRole('dialog', { name: 'Switch branch or tag' });
  return within(dialog).findByRole('option', { name });
}

describe('the source browser: switching ref', { timeout: 30_000 }, () => {
  it('keeps the path when it exists on the new branch', async () => {
    const { user, currentUrl } = renderApp('/acme/widgets/src/main/src/lib');
    await user.click(await openRefSwitcher(user, 'release/2.x'));
    await waitFor(() => expect(currentUrl()).toBe('/acme/widgets/src/release/2.x/src/lib'));
    expect(await screen.findByRole('link', { name: 'format (folder)' })).toBeInTheDocument();
  });

  it('leaves keyboard focus on the switcher, on the same commit or another', async () => {
    const { user, currentUrl } = renderApp('/acme/widgets/src/main/src/lib');
    await user.click(await openRefSwitcher(user, 'develop'));
    await waitFor(() => expect(currentUrl()).toBe('/acme/widgets/src/develop/src/lib'));
    await waitFor(() => expect(refButton()).toHaveAccessibleName('Branch: develop'));
    expect(refButton()).toHaveFocus();

    await user.click(await openRefSwitcher(user, 'feature/dark-mode'));
    await waitFor(() => expect(currentUrl()).toBe('/acme/widgets/src/feature/dark-mode/src/lib'));
    await waitFor(() => expect(refButton()).toHaveAccessibleName('Branch: feature/dark-mode'));
    expect(refButton()).toHaveFocus();
    expect(screen.queryByRole('dialog', { name: 'Switch branch or tag' })).toBeNull();
  });

  it('falls back to the root, and says so, when the path does not exist there', async () => {
    const { user, currentUrl } = renderApp('/acme/widgets/src/feature/dark-mode/src/theme');
    await user.click(await openRefSwitcher(user, 'v1.0.0'));
    await waitFor(() => expect(currentUrl()).toBe('/acme/widgets/src/v1.0.0'));
    expect(await screen.findByRole('status')).toHaveTextContent(
      '“src/theme” does not exist on v1.0.0; showing its root folder instead.',
    );
    await waitFor(() => expect(refButton()).toHaveAccessibleName('Tag: v1.0.0'));
    expect(refButton()).toHaveFocus();
  });
});

describe('the go-to-file finder', { timeout: 30_000 }, () => {
  it('opens with t, filters fuzzily, moves with the arrows, opens with Enter', async () => {
    const { user, currentUrl } = renderApp('/acme/widgets/src/main');
    await screen.findByRole('link', { name: /^assets/ }, SLOW);

    await user.keyboard('t');
    const dialog = await screen.findByRole('dialog', { name: /Go to file/ });
    const input = within(dialog).getByRole('combobox', { name: 'File name' });
    expect(input).toHaveFocus();
    await within(dialog).findByRole('option', { name: 'README.md' });

    await user.type(input, 'fmtdate');
    const options = within(dialog).getAllByRole('option');
    expect(options[0]).toHaveTextContent('src/lib/format/format-date.ts');
    expect(options[0]).toHaveAttribute('aria-selected', 'true');

    await user.clear(input);
    await user.type(input, 'button');
    expect(
      within(dialog)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['src/components/button/button.tsx']);
    await user.clear(input);
    await user.type(input, 'md');
    await user.keyboard('{ArrowDown}');
    const selected = within(dialog)
      .getAllByRole('option')
      .find((option) => option.getAttribute('aria-selected') === 'true');
    const target = selected?.textContent ?? '';
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() =>
      expect(decodeURIComponent(currentUrl())).toBe(`/acme/widgets/src/main/${target}`),
    );
  });

  it('closes with Escape and is not opened by typing t in a field', async () => {
    const { user } = renderApp('/acme/widgets/src/main');
    await screen.findByRole('link', { name: /^assets/ }, SLOW);
    await user.keyboard('t');
    const dialog = await screen.findByRole('dialog', { name: /Go to file/ });
    await user.keyboard('{Escape}');
    expect(dialog).not.toBeInTheDocument();

    await user.click(refButton());
    await user.keyboard('t');
    expect(screen.getByRole('combobox', { name: 'Filter branches and tags' })).toHaveValue('t');
    expect(screen.queryByRole('dialog', { name: /Go to file/ })).toBeNull();
  });
});
