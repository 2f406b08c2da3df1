import type { LoginErrorCode } from '@pail/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { bffError } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/render-app';

const signInButton = () => screen.findByRole('link', { name: 'Sign in with Bitbucket' });

describe('the sign-in page', () => {
  beforeEach(() => {
    server.use(http.get('/bff/session', () => bffError(401, 'unauthenticated', 'Sign in.')));
  });

  it('says what Pail is and signs in by navigating to the BFF with the returnTo', async () => {
    renderApp(`/login?returnTo=${encodeURIComponent('/acme/widgets?page=2')}`);

    expect(await screen.findByRole('heading', { level: 1, name: 'Pail' })).toBeInTheDocument();
    expect(screen.getByText(/Browse your Bitbucket Cloud repositories/)).toBeInTheDocument();
    expect(await signInButton()).toHaveAttribute(
      'href',
      `/bff/login?returnTo=${encodeURIComponent('/acme/widgets?page=2')}`,
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('Sign in · Pail'));
  });

  it('signs in without a returnTo when none is given', async () => {
    renderApp('/login');
    expect(await signInButton()).toHaveAttribute('href', '/bff/login');
  });

  it.each([
    'https://evil.test/',
    '//evil.test',
    '/%2F%2Fevil.test',
    'javascript:alert(1)',
    '/\\evil',
  ])('drops the unsafe returnTo %j', async (returnTo) => {
    renderApp(`/login?returnTo=${encodeURIComponent(returnTo)}`);
    expect(await signInButton()).toHaveAttribute('href', '/bff/login');
  });

  it.each<[LoginErrorCode, RegExp]>([
    ['access_denied', /You chose Deny on Bitbucket's consent page, so Pail was not given access/],
    ['state_mismatch', /used twice, opened in a different browser, or changed along the way/],
    ['login_expired', /More than 10 minutes passed/],
    ['callback_failed', /Pail could not finish signing you in with Bitbucket/],
    ['provider_error', /Bitbucket reported a problem while signing you in/],
    ['unavailable', /its session storage is briefly unavailable/],
  ])('explains the %s error and offers to try again', async (code, message) => {
    renderApp(`/login?error=${code}&returnTo=%2Facme`);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(message);
    expect(within(alert).getByRole('link', { name: 'Try again' })).toHaveAttribute(
      'href',
      '/bff/login?returnTo=%2Facme',
    );
    expect(await signInButton()).toBeInTheDocument();
  });

  it('says the session ended when sent here by an expired session', async () => {
    renderApp('/login?returnTo=%2Facme&reason=session_ended');
    const title = await screen.findByRole('heading', {
      name: 'Your session ended — sign in again',
    });
    expect(title.closest('[role="status"]')).toHaveTextContent(
      'Sign in to carry on where you were.',
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(await signInButton()).toHaveAttribute('href', '/bff/login?returnTo=%2Facme');
  });

  it('explains a sign-in error rather than the ended session when both are given', async () => {
    renderApp('/login?reason=session_ended&error=login_expired');
    expect(await screen.findByRole('alert')).toHaveTextContent('Sign-in took too long');
    expect(screen.queryByText(/Your session ended/)).not.toBeInTheDocument();
  });

  it('explains an unknown error code in general terms', async () => {
    renderApp('/login?error=%3Cscript%3E');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Sign-in did not complete');
    expect(alert).not.toHaveTextContent('<script>');
  });

  it('sends someone already signed in on to where they were going', async () => {
    server.resetHandlers();
    const { currentUrl } = renderApp('/login?returnTo=%2Facme');
    expect(await screen.findByRole('heading', { name: 'Acme Corporation' })).toBeInTheDocument();
    expect(currentUrl()).toBe('/acme');
  });
});
