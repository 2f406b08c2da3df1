import { screen, waitFor } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { bffError, signedOutHandlers } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/render-app';

describe('signed-out visitors', () => {
  it('are sent to /login with the page they asked for as returnTo', async () => {
    server.use(...signedOutHandlers);
    const { currentUrl } = renderApp('/acme/widgets?tab=readme');

    const signIn = await screen.findByRole('link', { name: 'Sign in with Bitbucket' });
    const returnTo = encodeURIComponent('/acme/widgets?tab=readme');
    expect(currentUrl()).toBe(`/login?returnTo=${returnTo}`);
    expect(signIn).toHaveAttribute('href', `/bff/login?returnTo=${returnTo}`);
  });

  it('from the home page are sent to /login without a returnTo', async () => {
    server.use(...signedOutHandlers);
    const { currentUrl } = renderApp('/');
    await screen.findByRole('link', { name: 'Sign in with Bitbucket' });
    expect(currentUrl()).toBe('/login');
  });
});

describe('a session that ends while browsing', () => {
  it('turns the first 401 from the API into the sign-in page, returning to the same page', async () => {
    server.use(
      http.get('/api/*', () => bffError(401, 'unauthenticated', 'Your session has ended.')),
    );
    const { currentUrl } = renderApp('/acme?search=wid');

    const signIn = await screen.findByRole('link', { name: 'Sign in with Bitbucket' });
    const returnTo = encodeURIComponent('/acme?search=wid');
    expect(currentUrl()).toBe(`/login?returnTo=${returnTo}&reason=session_ended`);
    expect(signIn).toHaveAttribute('href', `/bff/login?returnTo=${returnTo}`);
  });
});

describe('when Pail cannot check the session', () => {
  it('shows a full-page error with a way to try again', async () => {
    server.use(
      http.get('/bff/session', () => bffError(503, 'store_unavailable', 'Session store is down.')),
    );
    renderApp('/');
    expect(
      await screen.findByRole('heading', { name: 'Pail is not responding' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});

describe('unknown addresses', () => {
  it('get a designed 404 page that leads home', async () => {
    renderApp('/acme/widgets/not/a/page');
    expect(
      await screen.findByRole('heading', { name: 'This page does not exist' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to your workspaces' })).toHaveAttribute(
      'href',
      '/',
    );
    await waitFor(() => expect(document.title).toBe('Page not found · Pail'));
  });
});

describe('bitbucket.org addresses with Pail in place of the host', () => {
  it.each([
    ['/acme/gadgets/downloads/?tab=tags', '/acme/gadgets/tags'],
    ['/acme/gadgets/downloads?tab=branches', '/acme/gadgets/branches'],
    ['/acme/widgets/branch/feature/dark-mode', '/acme/widgets/src/feature/dark-mode'],
    [
      '/acme/gadgets/history-node/0a1b2c3d4e5f/src/index.ts',
      '/acme/gadgets/commits/branch/0a1b2c3d4e5f?path=src%2Findex.ts',
    ],
    ['/acme/workspace/repositories', '/acme'],
    ['/acme/workspace/projects/WEB', '/acme'],
  ])('%s opens %s', async (from, to) => {
    const { currentUrl } = renderApp(from);
    await waitFor(() => expect(currentUrl()).toBe(to));
  });

  it('a downloads page Pail does not have is a designed 404', async () => {
    renderApp('/acme/gadgets/downloads');
    expect(
      await screen.findByRole('heading', { name: 'This page does not exist' }),
    ).toBeInTheDocument();
  });
});
