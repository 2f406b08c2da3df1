import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { server } from '@/testing/mocks/server';
import { recordRequests, requestsTo } from '@/testing/record-requests';
import { MAIN_HASH, sourceTrees } from '@/testing/mocks/source-fixtures';
import { sourceHandlers } from '@/testing/mocks/source-handlers';
import { renderApp } from '@/testing/render-app';

const SLOW = { timeout: 10_000 };

/** Elements `scrollIntoView` was called on; jsdom has no layout, so the call is what can be observed. */
let scrolled: Element[] = [];

beforeEach(() => {
  server.use(...sourceHandlers);
  scrolled = [];
  Element.prototype.scrollIntoView = function scrollIntoView(this: Element) {
    scrolled.push(this);
  };
});

afterEach(() => {
  // @ts-expect-error -- jsdom has no scrollIntoView; remove the stand-in again.
  delete Element.prototype.scrollIntoView;
});

describe('a Markdown file opened at a heading', { timeout: 30_000 }, () => {
  it('follows a link to a heading in another file: scrolls to it and focuses it once it renders', async () => {
    const { user, currentUrl } = renderApp('/acme/widgets/src/main/README.md');
    const link = await screen.findByRole('link', { name: 'Install' }, SLOW);
    expect(link).toHaveAttribute('href', `/acme/widgets/src/${MAIN_HASH}/docs/guide.md#install`);

    await user.click(link);
    const heading = await screen.findByRole('heading', { level: 2, name: 'Install' }, SLOW);
    expect(currentUrl()).toBe(`/acme/widgets/src/${MAIN_HASH}/docs/guide.md#install`);
    await waitFor(() => expect(heading).toHaveFocus());
    expect(heading).toHaveAttribute('id', 'markdown-header-install');
    expect(scrolled).toContain(heading);
    expect(screen.getByRole('heading', { name: 'guide.md' })).toBeInTheDocument();
  });

  it('reaches a heading of the README from a file in a folder', async () => {
    const { user } = renderApp('/acme/widgets/src/main/docs/guide.md');
    await user.click(await screen.findByRole('link', { name: "the README's first steps" }, SLOW));
    const heading = await screen.findByRole('heading', { level: 2, name: 'Getting started' }, SLOW);
    await waitFor(() => expect(heading).toHaveFocus());
    expect(scrolled).toContain(heading);
  });

  it('accepts Bitbucket’s markdown-header- anchors, and is focusable only while focused', async () => {
    const { user } = renderApp(
      '/acme/widgets/src/main/docs/guide.md#markdown-header-configuration',
    );
    const heading = await screen.findByRole('heading', { name: 'Configuration' }, SLOW);
    await waitFor(() => expect(heading).toHaveFocus());
    expect(scrolled).toContain(heading);
    expect(heading).toHaveAttribute('tabindex', '-1');

    await user.tab();
    expect(heading).not.toHaveFocus();
    expect(heading).not.toHaveAttribute('tabindex');
  });

  it('follows an anchor within the same file', async () => {
    const { router } = renderApp('/acme/widgets/src/main/docs/guide.md');
    const heading = await screen.findByRole('heading', { name: 'Configuration' }, SLOW);
    expect(scrolled).not.toContain(heading);
    const anchor = screen.getByRole('link', { name: 'Configuration' });
    expect(anchor).toHaveAttribute('href', '#markdown-header-configuration');

    // What the browser's history reports when the anchor is followed.
    await act(() => router.navigate({ hash: anchor.getAttribute('href')! }));
    await waitFor(() => expect(heading).toHaveFocus());
    expect(scrolled).toContain(heading);
  });

  it('leaves the focus on the Rendered button when switching back from the source', async () => {
    const { user } = renderApp('/acme/widgets/src/main/docs/guide.md#install');
    const heading = await screen.findByRole('heading', { name: 'Install' }, SLOW);
    await waitFor(() => expect(heading).toHaveFocus());

    await user.click(screen.getByRole('button', { name: 'Source' }));
    expect(screen.getByRole('region', { name: 'Contents of guide.md' })).toHaveTextContent(
      '## Install',
    );
    scrolled = [];
    const rendered = screen.getByRole('button', { name: 'Rendered' });
    await user.click(rendered);
    expect(await screen.findByRole('heading', { name: 'Install' })).toBeInTheDocument();
    expect(rendered).toHaveFocus();
    expect(scrolled).toEqual([]);
  });

  it('leaves hashes that name no heading, or the page’s own elements, alone', async () => {
    const first = renderApp('/acme/widgets/src/main/docs/guide.md#no-such-heading');
    await screen.findByRole('heading', { name: 'Install' }, SLOW);
    expect(document.activeElement).toBe(document.body);
    expect(scrolled.filter((element) => element.closest('.markdown'))).toEqual([]);
    first.unmount();

    // `#main` is the skip link's target: a heading called "Main" must not take it over.
    const files = sourceTrees[MAIN_HASH]!;
    files['docs/layout.md'] = {
      content: '# Layout\n\n## Main\n\nThe body.\n',
      mimetype: 'text/markdown',
    };
    onTestFinished(() => {
      delete files['docs/layout.md'];
    });
    const { router } = renderApp('/acme/widgets/src/main/docs/layout.md');
    const main = await screen.findByRole('heading', { name: 'Main' }, SLOW);
    await act(() => router.navigate({ hash: '#main' }));
    await act(() => router.navigate({ hash: '#layout' }));
    const title = screen.getByRole('heading', { level: 1, name: 'Layout' });
    await waitFor(() => expect(title).toHaveFocus());
    expect(scrolled).not.toContain(main);
  });

  it('keeps line links for a source file: the code view owns #lines- hashes', async () => {
    renderApp('/acme/widgets/src/main/src/lib/format/format-date.ts#lines-3:4');
    expect(await screen.findByText('Lines 3–4 selected', {}, SLOW)).toBeInTheDocument();
    await waitFor(() => expect(scrolled.map((element) => element.id)).toContain('lines-3'));
    expect(scrolled.every((element) => !element.id.startsWith('markdown-header-'))).toBe(true);
  });
});

describe("a Markdown file's images", { timeout: 30_000 }, () => {
  it('are read at the commit and shown from memory, so going back shows them without asking again', async () => {
    const requests = recordRequests();
    const { router } = renderApp('/acme/widgets/src/main/README.md');
    const logo = `/api/2.0/repositories/acme/widgets/src/${MAIN_HASH}/docs/images/logo.png`;
    const missing = `/api/2.0/repositories/acme/widgets/src/${MAIN_HASH}/missing.png`;
    await waitFor(
      () =>
        expect(screen.getByRole('img', { name: 'Widgets logo' }).getAttribute('src')).toMatch(
          /^blob:/,
        ),
      SLOW,
    );
    await waitFor(() => expect(requestsTo(requests, missing)).toHaveLength(1));

    await act(() => router.navigate('/acme/widgets/src/main/docs/guide.md'));
    await screen.findByRole('heading', { name: 'The guide' }, SLOW);
    await act(() => router.navigate(-1));
    expect(
      (await screen.findByRole('img', { name: 'Widgets logo' }, SLOW)).getAttribute('src'),
    ).toMatch(/^blob:/);
    expect(requestsTo(requests, logo)).toHaveLength(1);
    expect(requestsTo(requests, missing)).toHaveLength(1);
  });
});
