import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { bffError } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { recordRequests, requestsTo } from '@/testing/record-requests';
import { renderApp } from '@/testing/render-app';

describe('the signed-in header', () => {
  it('shows the Pail mark linking home and the signed-in user with their avatar', async () => {
    renderApp('/');

    const account = await screen.findByRole('link', { name: 'Jane Doe' });
    expect(account).toHaveAttribute('href', '/account');
    expect(account.querySelector('img')).toHaveAttribute(
      'src',
      expect.stringContaining('gravatar.com/avatar/'),
    );
    expect(screen.getByRole('link', { name: 'Pail home' })).toHaveAttribute('href', '/');
  });

  it('shows breadcrumbs for the workspace and repository', async () => {
    renderApp('/acme/widgets');

    const breadcrumbs = await screen.findByRole('navigation', { name: 'Breadcrumb' });
    const links = within(breadcrumbs).getAllByRole('link');
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['acme', '/acme'],
      ['widgets', '/acme/widgets'],
    ]);
    expect(links[1]).toHaveAttribute('aria-current', 'page');
  });

  it('signs out: POSTs /bff/logout with X-CSRF, forgets cached data, and lands on /login', async () => {
    const requests = recordRequests();
    server.use(
      http.post('/bff/logout', () => {
        server.use(http.get('/bff/session', () => bffError(401, 'unauthenticated', 'Sign in.')));
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user, currentUrl, queryClient } = renderApp('/acme');
    await screen.findByRole('link', { name: 'widgets' });

    await user.click(screen.getByRole('button', { name: 'Sign out' }));

    expect(await screen.findByRole('link', { name: 'Sign in with Bitbucket' })).toBeInTheDocument();
    expect(currentUrl()).toBe('/login');
    const [logout] = requestsTo(requests, '/bff/logout');
    expect(logout?.method).toBe('POST');
    expect(logout?.headers.get('X-CSRF')).toBe('1');
    // The sign-in page clears the cache in an effect, which may run just after it first paints.
    await waitFor(() =>
      expect(queryClient.getQueryCache().findAll({ queryKey: ['repositories'] })).toHaveLength(0),
    );
    // Only the BFF's HttpOnly cookies ever hold the session: nothing is kept in web storage.
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
  });

  it('signs out once when Sign out is double-clicked', async () => {
    const requests = recordRequests();
    const { currentUrl } = renderApp('/');
    const button = await screen.findByRole('button', { name: 'Sign out' });

    // Both clicks of a double-click arrive before React re-renders the button as disabled.
    fireEvent.click(button);
    fireEvent.click(button);

    await waitFor(() => expect(currentUrl()).toBe('/login'));
    expect(requestsTo(requests, '/bff/logout')).toHaveLength(1);
  });

  it('says so when signing out fails, and stays', async () => {
    server.use(http.post('/bff/logout', () => bffError(503, 'store_unavailable', 'Down.')));
    const { user, currentUrl } = renderApp('/');
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Could not sign out');
    expect(currentUrl()).toBe('/');
  });
});

describe('the account page', () => {
  it('shows who is signed in, how, and with which permissions', async () => {
    renderApp('/account');

    expect(await screen.findByRole('heading', { name: 'Account' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Jane Doe' })).toBeInTheDocument();
    expect(screen.getByText('@jdoe')).toBeInTheDocument();
    expect(screen.getByText('Bitbucket (OAuth)')).toBeInTheDocument();
    expect(screen.getByText('account')).toBeInTheDocument();
    expect(screen.getByText('repository')).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('Account · Pail'));
  });
});
