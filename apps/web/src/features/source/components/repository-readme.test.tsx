import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { server } from '@/testing/mocks/server';
import { sourceHandlers } from '@/testing/mocks/source-handlers';
import { renderApp } from '@/testing/render-app';

const SLOW = { timeout: 10_000 };

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

describe("the overview's README at a heading", { timeout: 30_000 }, () => {
  it('scrolls to and focuses the heading a shared overview link names, in either anchor style', async () => {
    const first = renderApp('/acme/widgets#getting-started');
    const readme = await screen.findByRole('region', { name: 'README.md' }, SLOW);
    const heading = within(readme).getByRole('heading', { level: 2, name: 'Getting started' });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(scrolled).toContain(heading);
    first.unmount();

    scrolled = [];
    renderApp('/acme/widgets#markdown-header-widgets');
    const again = await screen.findByRole('region', { name: 'README.md' }, SLOW);
    const title = within(again).getByRole('heading', { level: 1, name: 'Widgets' });
    await waitFor(() => expect(title).toHaveFocus());
    expect(scrolled).toContain(title);
  });

  it('follows the README’s own anchors, and leaves the overview alone without a hash', async () => {
    const { router } = renderApp('/acme/widgets');
    const readme = await screen.findByRole('region', { name: 'README.md' }, SLOW);
    const heading = within(readme).getByRole('heading', { level: 2, name: 'Getting started' });
    expect(heading).not.toHaveFocus();
    expect(scrolled).toEqual([]);

    const anchor = within(readme).getByRole('link', { name: 'Getting started' });
    await act(() => router.navigate({ hash: anchor.getAttribute('href')! }));
    await waitFor(() => expect(heading).toHaveFocus());
    expect(scrolled).toContain(heading);
  });
});
