import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { bitbucketError, paginate, withCsrf } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { sourceHandlers } from '@/testing/mocks/source-handlers';
import { MAIN_HASH, widgetsBranches, widgetsTags } from '@/testing/mocks/source-fixtures';
import { recordRequests } from '@/testing/record-requests';
import { renderApp } from '@/testing/render-app';

const SLOW = { timeout: 10_000 };
const BRANCHES = '/api/2.0/repositories/acme/widgets/refs/branches';
const TAGS = '/api/2.0/repositories/acme/widgets/refs/tags';

/** Bitbucket's `name ~ "term"` (case-insensitive contains) on acme/widgets' refs, in natural name order. */
function refsNameContaining(kind: 'branches' | 'tags') {
  return http.get(
    kind === 'branches' ? BRANCHES : TAGS,
    withCsrf(({ request }) => {
      const url = new URL(request.url);
      const match = /^name ~ "((?:[^"\\]|\\.)*)"$/.exec(url.searchParams.get('q') ?? '');
      if (!match) return undefined;
      const term = match[1]!.replace(/\\(.)/g, '$1').toLowerCase();
      const collator = new Intl.Collator(undefined, { numeric: true });
      const descending = url.searchParams.get('sort')?.startsWith('-') ?? false;
      const values = (kind === 'branches' ? widgetsBranches : widgetsTags)
        .filter((ref) => ref.name?.toLowerCase().includes(term))
        .sort((a, b) => collator.compare(a.name ?? '', b.name ?? '') * (descending ? -1 : 1));
      return HttpResponse.json(paginate(values, request.url));
    }),
  );
}

beforeEach(() => {
  server.use(...sourceHandlers, refsNameContaining('branches'), refsNameContaining('tags'));
});

const refButton = () => screen.getByRole('button', { name: /^(Branch|Tag|Commit): / });
const picker = () => screen.getByRole('dialog', { name: 'Switch branch or tag' });
const filterBox = () => screen.getByRole('combobox', { name: 'Filter branches and tags' });
/** The options' names: their text, without the markers hidden from the accessibility tree. */
const optionNames = (group: string) =>
  within(within(picker()).getByRole('group', { name: group }))
    .getAllByRole('option')
    .map((option) =>
      [...option.childNodes]
        .filter((node) => !(node instanceof Element && node.getAttribute('aria-hidden') === 'true'))
        .map((node) => node.textContent)
        .join(''),
    );

async function renderFolder(url = '/acme/widgets/src/main/src/lib') {
  const rendered = renderApp(url);
  await screen.findByRole('link', { name: 'format (folder)' }, SLOW);
  return rendered;
}

/** The option the keyboard is on, as the combobox announces it. */
function activeOption(): HTMLElement {
  const id = filterBox().getAttribute('aria-activedescendant');
  expect(id).toBeTruthy();
  const option = document.getElementById(id!)!;
  expect(option).toHaveAttribute('aria-selected', 'true');
  return option;
}

describe('the ref switcher', { timeout: 30_000 }, () => {
  it('opens with the mouse on a filter, branches then tags, the main and current refs marked', async () => {
    const { user } = await renderFolder('/acme/widgets/src/release/2.x/src/lib');
    const button = refButton();
    expect(button).toHaveAccessibleName('Branch: release/2.x');
    expect(button).toHaveAttribute('aria-expanded', 'false');

    await user.click(button);
    expect(button).toHaveAttribute('aria-expanded', 'true');
    expect(filterBox()).toHaveFocus();
    await within(picker()).findByRole('option', { name: 'v2.0.0' });

    expect(optionNames('Branches')).toEqual([
      'main',
      'bugfix/PAIL-42/login-redirect',
      'develop',
      'feature/dark-mode',
      'release/2.x',
    ]);
    expect(optionNames('Tags')).toEqual(['v2.0.0', 'v1.0.0']);
    expect(screen.getByRole('option', { name: 'main' })).toHaveAccessibleDescription('Main branch');
    const current = screen.getByRole('option', { name: 'release/2.x' });
    expect(current).toHaveAccessibleDescription('Current');
    // The list opens on the current ref.
    expect(activeOption()).toBe(current);
    expect(within(picker()).getByRole('status')).toHaveTextContent('5 branches and 2 tags');
  });

  it('opens from the keyboard, moves with the arrows, chooses with Enter and gives the focus back', async () => {
    const { user, currentUrl } = await renderFolder();
    await user.tab();
    while (document.activeElement !== refButton()) await user.tab();
    await user.keyboard('{Enter}');
    expect(filterBox()).toHaveFocus();
    await within(picker()).findByRole('option', { name: 'v1.0.0' });
    expect(activeOption()).toHaveAccessibleName('main');

    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(activeOption()).toHaveAccessibleName('develop');
    await user.keyboard('{ArrowUp}');
    expect(activeOption()).toHaveAccessibleName('bugfix/PAIL-42/login-redirect');
    // The arrows never navigate, however far they go.
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}{ArrowDown}{ArrowDown}{ArrowDown}');
    expect(activeOption()).toHaveAccessibleName('v1.0.0');
    await user.keyboard('{ArrowDown}');
    expect(activeOption()).toHaveAccessibleName('v1.0.0');
    await user.keyboard('{ArrowUp}{ArrowUp}');
    expect(activeOption()).toHaveAccessibleName('release/2.x');
    expect(currentUrl()).toBe('/acme/widgets/src/main/src/lib');

    await user.keyboard('{Enter}');
    expect(screen.queryByRole('dialog', { name: 'Switch branch or tag' })).toBeNull();
    await waitFor(() => expect(currentUrl()).toBe('/acme/widgets/src/release/2.x/src/lib'));
    await waitFor(() => expect(refButton()).toHaveAccessibleName('Branch: release/2.x'));
    expect(refButton()).toHaveFocus();
    expect(await screen.findByRole('link', { name: 'format (folder)' })).toBeInTheDocument();
  });

  it('opens with the down arrow too, and closes with Escape, the focus back on the button', async () => {
    const { user, currentUrl } = await renderFolder();
    refButton().focus();
    await user.keyboard('{ArrowDown}');
    expect(filterBox()).toHaveFocus();
    await user.keyboard('dev');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Switch branch or tag' })).toBeNull();
    expect(refButton()).toHaveFocus();
    expect(refButton()).toHaveAttribute('aria-expanded', 'false');
    expect(currentUrl()).toBe('/acme/widgets/src/main/src/lib');

    // Space opens it again, with a fresh filter.
    await user.keyboard(' ');
    expect(filterBox()).toHaveValue('');
    await user.click(refButton());
    expect(screen.queryByRole('dialog', { name: 'Switch branch or tag' })).toBeNull();
    expect(refButton()).toHaveFocus();
  });

  it('lets Tab leave, and closes when the focus or a click goes elsewhere', async () => {
    const { user } = await renderFolder();
    await user.click(refButton());
    await user.tab();
    expect(screen.queryByRole('dialog', { name: 'Switch branch or tag' })).toBeNull();
    expect(document.activeElement).not.toBe(refButton());
    expect(document.activeElement).not.toBe(document.body);

    await user.click(refButton());
    await user.tab({ shift: true });
    expect(screen.queryByRole('dialog', { name: 'Switch branch or tag' })).toBeNull();
    expect(refButton()).toHaveFocus();

    await user.click(refButton());
    await user.click(screen.getByRole('table'));
    expect(screen.queryByRole('dialog', { name: 'Switch branch or tag' })).toBeNull();
  });

  it('filters on Bitbucket’s side after a pause, escaping quotes and backslashes, without navigating', async () => {
    const requests = recordRequests();
    const { user, currentUrl } = await renderFolder();
    await user.click(refButton());
    await within(picker()).findByRole('option', { name: 'v1.0.0' });

    await user.type(filterBox(), 'DARK');
    await waitFor(() => expect(optionNames('Branches')).toEqual(['feature/dark-mode']));
    expect(within(picker()).queryByRole('group', { name: 'Tags' })).toBeNull();
    expect(activeOption()).toHaveAccessibleName('feature/dark-mode');
    const filters = (path: string) =>
      requests
        .filter((request) => request.url.pathname === path)
        .map((request) => request.url.searchParams.get('q') ?? '')
        .filter((q) => q.startsWith('name ~'));
    await waitFor(() => expect(filters(TAGS)).toEqual(['name ~ "DARK"']));
    expect(filters(BRANCHES)).toEqual(['name ~ "DARK"']);
    expect(currentUrl()).toBe('/acme/widgets/src/main/src/lib');

    await user.clear(filterBox());
    await user.type(filterBox(), 'a"b\\c');
    expect(
      await within(picker()).findByText('No branch or tag matches “a"b\\c”.'),
    ).toBeInTheDocument();
    expect(filterBox()).toHaveAttribute('aria-expanded', 'false');
    expect(filters(BRANCHES).at(-1)).toBe('name ~ "a\\"b\\\\c"');

    // Clearing the filter brings back every ref, from the cache.
    const before = requests.length;
    await user.clear(filterBox());
    await waitFor(() => expect(optionNames('Tags')).toEqual(['v2.0.0', 'v1.0.0']));
    expect(requests.slice(before).filter((request) => request.url.pathname === BRANCHES)).toEqual(
      [],
    );
    expect(currentUrl()).toBe('/acme/widgets/src/main/src/lib');
  });

  it('reaches a branch beyond the first page by filtering, and keeps the path on it', async () => {
    const extra = Array.from({ length: 150 }, (_, index) => ({
      ...widgetsBranches[0]!,
      name: `topic/${String(index + 1).padStart(4, '0')}`,
    }));
    widgetsBranches.push(...extra);
    onTestFinished(() => {
      widgetsBranches.splice(widgetsBranches.length - extra.length, extra.length);
    });
    const { user, currentUrl } = await renderFolder();
    await user.click(refButton());
    await within(picker()).findByRole('option', { name: 'topic/0001' });
    expect(optionNames('Branches')).toHaveLength(100);
    expect(within(picker()).queryByRole('option', { name: 'topic/0142' })).toBeNull();
    expect(
      within(picker()).getByText('Showing the first 100 branches; type to find the others.'),
    ).toBeInTheDocument();

    await user.type(filterBox(), '0142');
    await user.click(await within(picker()).findByRole('option', { name: 'topic/0142' }));
    await waitFor(() => expect(currentUrl()).toBe('/acme/widgets/src/topic/0142/src/lib'));
    await waitFor(() => expect(refButton()).toHaveAccessibleName('Branch: topic/0142'));
    expect(refButton()).toHaveFocus();
    expect(screen.getByRole('link', { name: 'format (folder)' })).toBeInTheDocument();
  });

  it('switches to a branch whose name holds slashes, keeping the file open', async () => {
    const { user, currentUrl } = renderApp('/acme/widgets/src/main/src/index.ts');
    await screen.findByRole('region', { name: 'Contents of index.ts' }, SLOW);
    await user.click(refButton());
    await user.type(filterBox(), 'pail-42/');
    await waitFor(() => expect(optionNames('Branches')).toEqual(['bugfix/PAIL-42/login-redirect']));
    await user.keyboard('{Enter}');
    await waitFor(() =>
      expect(currentUrl()).toBe('/acme/widgets/src/bugfix/PAIL-42/login-redirect/src/index.ts'),
    );
    expect(
      await screen.findByRole('button', { name: 'Branch: bugfix/PAIL-42/login-redirect' }),
    ).toHaveFocus();
    expect(screen.getByRole('region', { name: 'Contents of index.ts' })).toBeInTheDocument();
  });

  it('shows a commit by its short hash and offers every branch and tag from there', async () => {
    const { user, currentUrl } = renderApp(`/acme/widgets/src/${MAIN_HASH}/src/lib`);
    await screen.findByRole('link', { name: 'format (folder)' }, SLOW);
    expect(refButton()).toHaveAccessibleName(`Commit: ${MAIN_HASH.slice(0, 7)}`);
    await user.click(refButton());
    await within(picker()).findByRole('option', { name: 'v2.0.0' });
    expect(within(picker()).queryByText('Current')).toBeNull();
    await user.click(screen.getByRole('option', { name: 'v2.0.0' }));
    await waitFor(() => expect(currentUrl()).toBe('/acme/widgets/src/v2.0.0/src/lib'));
    expect(await screen.findByRole('button', { name: 'Tag: v2.0.0' })).toHaveFocus();
  });

  it('says when a list cannot load, and tries again on request', async () => {
    let failing = true;
    server.use(
      // The picker's unfiltered list fails; finding the page's own ref (`q=name = …`) still works.
      http.get(TAGS, ({ request }) =>
        failing && !new URL(request.url).searchParams.has('q')
          ? bitbucketError(500, 'Something went wrong')
          : undefined,
      ),
    );
    const { user } = await renderFolder();
    await user.click(refButton());
    const alert = await within(picker()).findByRole('alert');
    expect(alert).toHaveTextContent('Could not load tags');
    expect(optionNames('Branches')).toContain('develop');
    failing = false;
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    await within(picker()).findByRole('option', { name: 'v1.0.0' });
    expect(within(picker()).queryByRole('alert')).toBeNull();
    expect(filterBox()).toHaveFocus();
  });
});
