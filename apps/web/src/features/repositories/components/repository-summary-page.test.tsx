import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { bitbucketError, paginate } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { recordRequests, requestsTo } from '@/testing/record-requests';
import { findRepository } from '@/testing/mocks/fixtures';
import { MAIN_HASH } from '@/testing/mocks/source-fixtures';
import { sourceHandlers } from '@/testing/mocks/source-handlers';
import { renderApp } from '@/testing/render-app';

describe("a repository's summary page", () => {
  it('shows the facts about the repository and how to clone it', async () => {
    renderApp('/acme/widgets');

    expect(
      await screen.findByText(
        'The widget catalogue and its pricing rules.',
        {},
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'widgets' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Acme Corporation' })).toHaveAttribute('href', '/acme');
    expect(screen.getByText('Private')).toBeInTheDocument();

    const details = screen.getByRole('region', { name: 'Details' });
    expect(within(details).getByText('TypeScript')).toBeInTheDocument();
    expect(within(details).getByText('main')).toBeInTheDocument();
    expect(within(details).getByText('Web (WEB)')).toBeInTheDocument();
    expect(within(details).getByText('4.6 MB')).toBeInTheDocument();
    expect(within(details).getByText('3 days ago')).toHaveAttribute('dateTime');

    expect(screen.getByRole('textbox', { name: 'HTTPS clone command' })).toHaveValue(
      'git clone https://jdoe@bitbucket.org/acme/widgets.git',
    );
    expect(screen.getByRole('textbox', { name: 'SSH clone command' })).toHaveValue(
      'git clone git@bitbucket.org:acme/widgets.git',
    );
    expect(screen.getByRole('link', { name: /Open on Bitbucket/ })).toHaveAttribute(
      'href',
      'https://bitbucket.org/acme/widgets',
    );
    await waitFor(() => expect(document.title).toBe('acme/widgets · Pail'));
  });

  it('says when the repository does not exist', async () => {
    renderApp('/acme/nope');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Repository not found');
    expect(alert).toHaveTextContent('There is no repository “acme/nope”');
  });

  it('names the tab after what the page says when the repository does not exist', async () => {
    renderApp('/acme/nope');
    await screen.findByRole('alert');
    await waitFor(() => expect(document.title).toBe('Repository not found · Pail'));
  });
});

describe("a repository's overview: the README", { timeout: 30_000 }, () => {
  beforeEach(() => {
    server.use(...sourceHandlers);
  });

  it('renders the README from the main branch without anything that could run', async () => {
    const { container } = renderApp('/acme/widgets');
    const readme = await screen.findByRole('region', { name: 'README.md' }, { timeout: 10_000 });
    expect(within(readme).getByRole('heading', { level: 1, name: 'Widgets' })).toBeInTheDocument();
    expect(
      within(readme).getByRole('heading', { level: 2, name: 'Getting started' }),
    ).toHaveAttribute('id', 'markdown-header-getting-started');
    expect(within(readme).getByRole('table')).toBeInTheDocument();
    expect(readme.querySelector('pre code')).toHaveTextContent(
      "import { formatPrice } from './src';",
    );

    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('[onerror], [onload], [onclick]')).toBeNull();
    for (const link of container.querySelectorAll('a')) {
      expect(link.getAttribute('href') ?? '').not.toMatch(/^\s*javascript:/i);
    }
    expect(within(readme).getByText('Click me')).not.toHaveAttribute('href');
    expect((window as { __pailXss?: unknown }).__pailXss).toBeUndefined();
  });

  it('points relative links at Pail’s source pages and reads relative images, at the resolved commit', async () => {
    const requests = recordRequests();
    const { user, currentUrl } = renderApp('/acme/widgets');
    const readme = await screen.findByRole('region', { name: 'README.md' }, { timeout: 10_000 });
    await waitFor(() =>
      expect(within(readme).getByRole('img', { name: 'Widgets logo' }).getAttribute('src')).toMatch(
        /^blob:/,
      ),
    );
    expect(
      requestsTo(
        requests,
        `/api/2.0/repositories/acme/widgets/src/${MAIN_HASH}/docs/images/logo.png`,
      ),
    ).toHaveLength(1);
    expect(within(readme).getByRole('link', { name: 'Getting started' })).toHaveAttribute(
      'href',
      '#markdown-header-getting-started',
    );
    const guide = within(readme).getByRole('link', { name: 'the guide' });
    expect(guide).toHaveAttribute('href', `/acme/widgets/src/${MAIN_HASH}/docs/guide.md`);

    await user.click(guide);
    expect(
      await screen.findByRole('heading', { name: 'The guide' }, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(currentUrl()).toBe(`/acme/widgets/src/${MAIN_HASH}/docs/guide.md`);
  });

  it('says when there is no README', async () => {
    server.use(
      http.get(`/api/2.0/repositories/acme/widgets/src/${MAIN_HASH}/`, ({ request }) =>
        HttpResponse.json(paginate([], request.url)),
      ),
    );
    renderApp('/acme/widgets');
    expect(
      await screen.findByText(/This repository has no README on main/, {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
  });

  it('says when the repository is empty, without asking for a README', async () => {
    server.use(
      http.get('/api/2.0/repositories/acme/widgets', () =>
        HttpResponse.json({ ...findRepository('acme', 'widgets'), mainbranch: null }),
      ),
    );
    renderApp('/acme/widgets');
    expect(
      await screen.findByRole('heading', { name: 'This repository is empty' }, { timeout: 10_000 }),
    ).toBeInTheDocument();
  });

  it('explains a README that could not be loaded', async () => {
    server.use(
      http.get(`/api/2.0/repositories/acme/widgets/src/${MAIN_HASH}/`, () =>
        bitbucketError(500, 'Something broke'),
      ),
    );
    renderApp('/acme/widgets');
    const alert = await screen.findByRole('alert', {}, { timeout: 10_000 });
    expect(alert).toHaveTextContent('Could not load the README');
  });
});

describe('copying a clone command', { timeout: 30_000 }, () => {
  it('copies with the Clipboard API and confirms it visibly', async () => {
    const { user } = renderApp('/acme/widgets');
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const button = await screen.findByRole(
      'button',
      { name: /Copy.*HTTPS clone command/ },
      { timeout: 10_000 },
    );
    await user.click(button);
    expect(writeText).toHaveBeenCalledWith('git clone https://jdoe@bitbucket.org/acme/widgets.git');
    expect(button).toHaveTextContent('Copied');
    expect(screen.getByText('HTTPS clone command copied')).toBeInTheDocument();
  });

  it('selects the command to copy by hand when the Clipboard API refuses', async () => {
    const { user } = renderApp('/acme/widgets');
    const writeText = vi.fn().mockRejectedValue(new Error('NotAllowedError'));
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await user.click(
      await screen.findByRole('button', { name: /Copy.*SSH clone command/ }, { timeout: 10_000 }),
    );
    expect(screen.getByText(/Press Ctrl\+C/)).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'SSH clone command' })).toHaveFocus();
  });
});
