import type { SessionSummary } from '@pail/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { sessionSummaries, tokenSessionFixture, usageFixture } from '@/testing/mocks/auth-handlers';
import { sessionFixture } from '@/testing/mocks/fixtures';
import { bffError } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { recordRequests, requestsTo } from '@/testing/record-requests';
import { renderApp } from '@/testing/render-app';

const permission = (name: string) =>
  within(screen.getByRole('list', { name: 'Permissions' }))
    .getByText(name)
    .closest('li')!;

const sessionRows = async () =>
  within(await screen.findByRole('list', { name: 'Active sessions' })).getAllByRole('listitem');

describe('the account page', () => {
  it('shows who is signed in and how', async () => {
    renderApp('/account');
    expect(await screen.findByRole('heading', { level: 1, name: 'Account' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Jane Doe' })).toBeInTheDocument();
    expect(screen.getByText('Signed in with').nextElementSibling).toHaveTextContent(
      'Bitbucket (OAuth)',
    );
    expect(screen.getByText(sessionFixture.user.accountId!)).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('Account · Pail'));
  });

  it('turns classic OAuth scopes into what Pail can and cannot do', async () => {
    renderApp('/account');
    await screen.findByRole('list', { name: 'Permissions' });

    expect(permission('Repositories')).toHaveTextContent('Available');
    expect(permission('Workspaces')).toHaveTextContent('Available');
    expect(permission('Pull requests')).toHaveTextContent(
      'Pull requestsNot available add the pullrequest permission (OAuth consumer) or read:pullrequest:bitbucket (API token)',
    );
    const granted = screen.getByText('Granted scopes').nextElementSibling!;
    expect(granted).toHaveTextContent('accountrepository');
  });

  it('reads an API token’s granular scopes strictly: write does not imply read', async () => {
    server.use(
      http.get('/bff/session', () =>
        HttpResponse.json({
          ...tokenSessionFixture,
          scopes: ['read:user:bitbucket', 'read:workspace:bitbucket', 'write:repository:bitbucket'],
        }),
      ),
    );
    renderApp('/account');
    await screen.findByRole('list', { name: 'Permissions' });

    expect(screen.getByText('Signed in with').nextElementSibling).toHaveTextContent('API token');
    expect(permission('Your profile')).toHaveTextContent('Available');
    expect(permission('Repositories')).toHaveTextContent('Not available');
    expect(permission('Repositories')).toHaveTextContent('read:repository:bitbucket (API token)');
    expect(permission('Pull requests')).toHaveTextContent('Not available');
  });

  it('does not call anything missing when Bitbucket reported no scopes', async () => {
    server.use(
      http.get('/bff/session', () => HttpResponse.json({ ...tokenSessionFixture, scopes: [] })),
    );
    renderApp('/account');
    await screen.findByRole('list', { name: 'Permissions' });
    expect(permission('Pull requests')).toHaveTextContent('Not reported');
    expect(screen.getByRole('list', { name: 'Permissions' })).not.toHaveTextContent(
      'Not available',
    );
    expect(screen.getByText(/Bitbucket did not report this sign-in’s scopes/)).toBeInTheDocument();
  });

  it('lists the active sessions, marking this browser', async () => {
    renderApp('/account');
    const rows = await sessionRows();
    expect(rows).toHaveLength(2);

    expect(rows[0]).toHaveAccessibleName('Firefox on macOS');
    expect(rows[0]).toHaveTextContent('This browser');
    expect(rows[0]).toHaveTextContent('signed in 30 minutes ago');
    expect(rows[0]).toHaveTextContent('last used 1 minute ago');
    expect(rows[1]).toHaveAccessibleName('Chrome on Windows');
    expect(rows[1]).not.toHaveTextContent('This browser');
    expect(rows[1]).toHaveTextContent('signed in 3 days ago');
    expect(rows[1]).toHaveTextContent('last used 2 hours ago');
    // Public handles only: no session id is shown.
    expect(document.body).not.toHaveTextContent(sessionSummaries[1]!.id);
  });

  it('signs out another session and takes it off the list', async () => {
    let sessions: SessionSummary[] = [...sessionSummaries];
    server.use(
      http.get('/bff/sessions', () => HttpResponse.json({ sessions })),
      http.delete('/bff/sessions/:id', ({ params }) => {
        sessions = sessions.filter((session) => session.id !== params.id);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const requests = recordRequests();
    const { user, currentUrl } = renderApp('/account');
    const other = (await sessionRows())[1]!;

    const button = within(other).getByRole('button', { name: 'Sign out' });
    expect(button).toHaveAccessibleDescription('Chrome on Windows');
    await user.click(button);

    await waitFor(async () => expect(await sessionRows()).toHaveLength(1));
    expect((await sessionRows())[0]).toHaveTextContent('This browser');
    const [deleted] = requestsTo(requests, `/bff/sessions/${sessionSummaries[1]!.id}`);
    expect(deleted).toMatchObject({ method: 'DELETE' });
    expect(deleted!.headers.get('X-CSRF')).toBe('1');
    expect(currentUrl()).toBe('/account');
  });

  it('says so when another session could not be signed out', async () => {
    server.use(
      http.delete('/bff/sessions/:id', () =>
        bffError(503, 'store_unavailable', 'The session store is unavailable.'),
      ),
    );
    const { user } = renderApp('/account');
    const other = (await sessionRows())[1]!;
    await user.click(within(other).getByRole('button', { name: 'Sign out' }));
    expect(await within(other).findByRole('alert')).toHaveTextContent(
      'Could not sign out that session. Try again.',
    );
  });

  it('asks before signing out everywhere, and Cancel changes nothing', async () => {
    const requests = recordRequests();
    const { user } = renderApp('/account');
    await sessionRows();

    const opener = screen.getByRole('button', { name: 'Sign out everywhere…' });
    await user.click(opener);
    const question = screen.getByRole('group', {
      name: 'Sign out of Pail in every browser, this one included?',
    });
    expect(within(question).getByRole('button', { name: 'Sign out everywhere' })).toHaveFocus();

    await user.click(within(question).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('group')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign out everywhere…' })).toHaveFocus();
    expect(requests.filter((request) => request.method === 'DELETE')).toHaveLength(0);
  });

  it('signs out everywhere once confirmed and lands on the sign-in page', async () => {
    const requests = recordRequests();
    const { user, currentUrl } = renderApp('/account');
    await sessionRows();
    await user.click(screen.getByRole('button', { name: 'Sign out everywhere…' }));

    server.use(http.get('/bff/session', () => bffError(401, 'unauthenticated', 'Sign in.')));
    await user.click(screen.getByRole('button', { name: 'Sign out everywhere' }));

    await waitFor(() => expect(currentUrl()).toBe('/login'));
    expect(await screen.findByRole('link', { name: 'Sign in with Bitbucket' })).toBeInTheDocument();
    const [everywhere] = requestsTo(requests, '/bff/sessions').filter(
      (request) => request.method === 'DELETE',
    );
    expect(everywhere!.headers.get('X-CSRF')).toBe('1');
  });

  it('shows Bitbucket API usage over the rolling hour as a meter', async () => {
    server.use(
      http.get('/bff/usage', () =>
        HttpResponse.json({
          ...usageFixture,
          resetsAt: new Date(Date.now() + 20 * 60_000 + 30_000).toISOString(),
        }),
      ),
    );
    renderApp('/account');
    const meter = await screen.findByRole('meter', { name: 'Bitbucket API usage' });
    expect(meter).toHaveAttribute('value', String(usageFixture.used));
    expect(meter).toHaveAttribute('max', String(usageFixture.limit));
    expect(meter).toHaveAttribute('aria-valuetext', '312 of 1,000 calls, 31%');
    const section = screen.getByRole('region', { name: 'Bitbucket API usage' });
    expect(section).toHaveTextContent('over the last hour');
    expect(section).toHaveTextContent('312 of 1,000 calls (31%)');
    expect(section).toHaveTextContent('the oldest leaves the window in 20 minutes');
    expect(section).not.toHaveTextContent('close to Bitbucket’s hourly limit');
  });

  it('warns when usage nears the limit', async () => {
    server.use(
      http.get('/bff/usage', () =>
        HttpResponse.json({ ...usageFixture, used: 912, nearLimit: true }),
      ),
    );
    renderApp('/account');
    const section = await screen.findByRole('region', { name: 'Bitbucket API usage' });
    const warning = await within(section).findByText('You are close to Bitbucket’s hourly limit.');
    expect(warning.closest('[role="status"]')).toHaveTextContent(
      'pages will say when to try again',
    );
    expect(section).toHaveTextContent('912 of 1,000 calls (91%)');
  });

  it('explains when the sessions cannot be listed, and retries', async () => {
    server.use(
      http.get('/bff/sessions', () => bffError(503, 'store_unavailable', 'Store is down.'), {
        once: true,
      }),
    );
    const { user } = renderApp('/account');
    const section = await screen.findByRole('region', { name: 'Active sessions' });
    const alert = await within(section).findByRole('alert');
    expect(alert).toHaveTextContent('Could not load your sessions');
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await sessionRows()).toHaveLength(2);
  });
});
