import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { VALID_TOKEN_LOGIN } from '@/testing/mocks/auth-handlers';
import { bffError } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { recordRequests, requestsTo } from '@/testing/record-requests';
import { renderApp } from '@/testing/render-app';

const emailField = () => screen.findByLabelText('Atlassian account email');
const tokenField = () => screen.getByLabelText('API token');
const submit = () => screen.getByRole('button', { name: 'Sign in with token' });

async function fillIn(
  user: ReturnType<typeof renderApp>['user'],
  username: string,
  token: string,
): Promise<void> {
  await user.type(await emailField(), username);
  // Pasting is how a 30+ character token arrives.
  await user.click(tokenField());
  await user.paste(token);
}

describe('signing in with an API token', () => {
  beforeEach(() => {
    server.use(http.get('/bff/session', () => bffError(401, 'unauthenticated', 'Sign in.')));
  });

  it('offers labelled email and token fields with the right autocomplete and a show/hide switch', async () => {
    const { user } = renderApp('/login');

    const email = await emailField();
    expect(email).toHaveAttribute('autocomplete', 'username');
    expect(email).toHaveAttribute('inputmode', 'email');
    const token = tokenField();
    expect(token).toHaveAttribute('type', 'password');
    expect(token).toHaveAttribute('autocomplete', 'current-password');
    expect(token).toHaveAttribute('spellcheck', 'false');

    const toggle = screen.getByRole('button', { name: 'Show token' });
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await user.click(toggle);
    expect(token).toHaveAttribute('type', 'text');
    expect(screen.getByRole('button', { name: 'Hide token' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await user.click(screen.getByRole('button', { name: 'Hide token' }));
    expect(token).toHaveAttribute('type', 'password');
  });

  it('lists the scopes Pail needs and links to where tokens are created', async () => {
    renderApp('/login');
    const section = await screen.findByRole('region', { name: 'Sign in with an API token' });
    for (const scope of [
      'read:user:bitbucket',
      'read:workspace:bitbucket',
      'read:repository:bitbucket',
      'read:pullrequest:bitbucket',
    ]) {
      expect(within(section).getByText(scope)).toBeInTheDocument();
    }
    expect(section).toHaveTextContent('Atlassian account settings, under Security → API tokens');
    const link = within(section).getByRole('link', { name: /Create an API token/ });
    expect(link).toHaveAttribute(
      'href',
      'https://id.atlassian.com/manage-profile/security/api-tokens',
    );
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noreferrer');
    expect(link).toHaveAccessibleName(/^Create an API token\s*\(opens in a new tab\)$/);
  });

  it('signs in with a JSON POST and goes to the returnTo, leaving the token nowhere', async () => {
    const requests = recordRequests();
    const { user, currentUrl } = renderApp(`/login?returnTo=${encodeURIComponent('/acme?page=2')}`);
    await fillIn(user, `  ${VALID_TOKEN_LOGIN.username} `, VALID_TOKEN_LOGIN.token);
    await user.click(submit());

    await waitFor(() => expect(currentUrl()).toBe('/acme?page=2'));
    expect(await screen.findByRole('heading', { name: 'Acme Corporation' })).toBeInTheDocument();

    const [login] = requestsTo(requests, '/bff/login/token');
    expect(login).toMatchObject({ method: 'POST' });
    expect(login!.headers.get('X-CSRF')).toBe('1');
    expect(login!.headers.get('Content-Type')).toBe('application/json');
    for (const request of requests) {
      expect(request.url.href).not.toContain(VALID_TOKEN_LOGIN.token);
    }
    expect(JSON.stringify({ ...localStorage })).not.toContain(VALID_TOKEN_LOGIN.token);
    expect(JSON.stringify({ ...sessionStorage })).not.toContain(VALID_TOKEN_LOGIN.token);
    expect(document.body.innerHTML).not.toContain(VALID_TOKEN_LOGIN.token);
  });

  it('sends the trimmed email, and the token exactly as typed', async () => {
    let body: unknown;
    server.use(
      http.post('/bff/login/token', async ({ request }) => {
        body = await request.json();
        return bffError(401, 'invalid_credentials', 'No.');
      }),
    );
    const { user } = renderApp('/login');
    await fillIn(user, ' jane@example.com ', ' tok en ');
    await user.click(submit());
    await screen.findByRole('alert');
    expect(body).toEqual({ username: 'jane@example.com', token: ' tok en ' });
  });

  it('goes home when the returnTo is not a local path', async () => {
    const { user, currentUrl } = renderApp(
      `/login?returnTo=${encodeURIComponent('https://evil.test/')}`,
    );
    await fillIn(user, VALID_TOKEN_LOGIN.username, VALID_TOKEN_LOGIN.token);
    await user.click(submit());
    await waitFor(() => expect(currentUrl()).toBe('/'));
  });

  it('explains refused credentials, clears the token and keeps the email', async () => {
    const { user, currentUrl } = renderApp('/login?returnTo=%2Facme');
    await fillIn(user, 'jane.doe@example.com', 'ATATT-wrong-token');
    await user.click(submit());

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('That email and API token did not work');
    expect(alert).toHaveTextContent('mistyped, revoked or expired');
    expect(tokenField()).toHaveValue('');
    expect(tokenField()).toHaveFocus();
    expect(await emailField()).toHaveValue('jane.doe@example.com');
    expect(currentUrl()).toBe('/login?returnTo=%2Facme');
  });

  it('says in plain words that app passwords were retired and points to API tokens', async () => {
    const { user } = renderApp('/login');
    await fillIn(user, 'jdoe', 'app-password-from-2024');
    await user.click(submit());

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('App passwords no longer work');
    expect(alert).toHaveTextContent('Bitbucket Cloud retired app passwords on 28 July 2026');
    expect(alert).toHaveTextContent('Create an API token');
    expect(tokenField()).toHaveValue('');
  });

  // It waits out a real two-second countdown: more than the default five seconds on a busy machine.
  it(
    'counts down to when a rate-limited sign-in may be tried again',
    { timeout: 15_000 },
    async () => {
      const requests = recordRequests();
      server.use(
        http.post('/bff/login/token', () =>
          HttpResponse.json(
            { error: { code: 'rate_limited', message: 'Too many sign-in attempts.' } },
            { status: 429, headers: { 'Retry-After': '2' } },
          ),
        ),
      );
      const { user } = renderApp('/login');
      await fillIn(user, 'jane@example.com', 'some-token');
      await user.click(submit());

      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent('Too many sign-in attempts');
      expect(within(alert).getByRole('timer')).toHaveTextContent('Try again in 2 s.');
      expect(submit()).toBeDisabled();
      expect(await within(alert).findByText('Try again in 1 s.')).toBeInTheDocument();
      await within(alert).findByText('You can try again now.', {}, { timeout: 3000 });
      expect(submit()).toBeEnabled();
      // The token is kept: the same attempt can be sent again once allowed.
      expect(tokenField()).toHaveValue('some-token');
      expect(requestsTo(requests, '/bff/login/token')).toHaveLength(1);
    },
  );

  it('asks for the missing field before sending anything', async () => {
    const requests = recordRequests();
    const { user } = renderApp('/login');
    await emailField();
    await user.click(submit());

    const email = await emailField();
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveAccessibleDescription('Enter the email address of your Atlassian account.');
    expect(email).toHaveFocus();
    expect(screen.getAllByRole('alert')[0]).toHaveTextContent(
      'Enter the email address of your Atlassian account.',
    );

    await user.type(email, 'jane@example.com');
    await user.click(submit());
    expect(tokenField()).toHaveAttribute('aria-invalid', 'true');
    expect(tokenField()).toHaveFocus();
    expect(screen.getByRole('alert')).toHaveTextContent('Enter your API token.');
    expect(requestsTo(requests, '/bff/login/token')).toHaveLength(0);
  });

  it('explains that Bitbucket could not be reached to check the token', async () => {
    server.use(
      http.post('/bff/login/token', () =>
        bffError(502, 'upstream_unavailable', 'Bitbucket is unavailable.'),
      ),
    );
    const { user } = renderApp('/login');
    await fillIn(user, 'jane@example.com', 'some-token');
    await user.click(submit());
    expect(await screen.findByRole('alert')).toHaveTextContent('Bitbucket could not be reached');
    expect(tokenField()).toHaveValue('some-token');
  });
});

describe('a session that ends while browsing', () => {
  it('lands on sign-in saying so, and signing in again returns to the same page', async () => {
    let ended = true;
    server.use(
      http.get('/api/2.0/repositories/acme', () =>
        ended ? bffError(401, 'unauthenticated', 'Your session has ended.') : undefined,
      ),
    );
    const { user, currentUrl } = renderApp('/acme?search=wid');

    await waitFor(() =>
      expect(currentUrl()).toBe(
        `/login?returnTo=${encodeURIComponent('/acme?search=wid')}&reason=session_ended`,
      ),
    );
    const notice = await screen.findByText('Your session ended — sign in again');
    expect(notice.closest('[role="status"]')).toHaveTextContent(
      'Sign in to carry on where you were.',
    );
    expect(screen.getByRole('link', { name: 'Sign in with Bitbucket' })).toHaveAttribute(
      'href',
      `/bff/login?returnTo=${encodeURIComponent('/acme?search=wid')}`,
    );

    ended = false;
    server.use(http.get('/bff/session', () => bffError(401, 'unauthenticated', 'Sign in.')));
    await fillIn(user, VALID_TOKEN_LOGIN.username, VALID_TOKEN_LOGIN.token);
    await user.click(submit());
    await waitFor(() => expect(currentUrl()).toBe('/acme?search=wid'));
    expect(await screen.findByRole('link', { name: 'widgets' })).toBeInTheDocument();
  });

  it('shows no session-ended notice on a plain visit to the sign-in page', async () => {
    server.use(http.get('/bff/session', () => bffError(401, 'unauthenticated', 'Sign in.')));
    renderApp('/login?reason=something_else');
    await emailField();
    expect(screen.queryByText(/Your session ended/)).not.toBeInTheDocument();
  });
});
