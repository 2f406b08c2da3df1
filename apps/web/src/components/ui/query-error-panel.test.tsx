import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/lib/api-client';
import type { ApiErrorInit } from '@/lib/api-client';
import { formatWait, QueryErrorPanel } from './query-error-panel';

function renderPanel(error: unknown, onRetry?: () => void) {
  return render(
    <MemoryRouter initialEntries={['/acme/widgets/pull-requests?state=OPEN']}>
      <QueryErrorPanel error={error} subject="pull requests" onRetry={onRetry} />
    </MemoryRouter>,
  );
}

const missingScope = (required: string[], granted?: string[]) =>
  new ApiError({
    status: 403,
    code: 'missing_scope',
    source: 'bitbucket',
    message: 'Your credentials lack one or more required privilege scopes.',
    requiredScopes: required,
    grantedScopes: granted,
  });

const rateLimited = (init: Partial<ApiErrorInit> = {}) =>
  new ApiError({
    status: 429,
    code: 'rate_limited',
    source: 'bitbucket',
    message: 'Rate limit for this resource has been exceeded.',
    ...init,
  });

describe('a missing-scope answer', () => {
  it('names the required and granted scopes and the OAuth consumer permission to add', () => {
    renderPanel(missingScope(['pullrequest'], ['account', 'repository']));

    const alert = screen.getByRole('alert', { name: 'Pail needs more access to Bitbucket' });
    expect(alert).toHaveTextContent(
      'Loading pull requests needs the Bitbucket permission pullrequest, which this sign-in was not granted.',
    );
    expect(alert).toHaveTextContent('Granted now: account, repository.');
    expect(alert).toHaveTextContent(
      "Ask whoever manages Pail's Bitbucket OAuth consumer to add “pullrequest”, then sign in again.",
    );
    expect(within(alert).getByRole('link', { name: 'Sign in again' })).toHaveAttribute(
      'href',
      `/bff/login?returnTo=${encodeURIComponent('/acme/widgets/pull-requests?state=OPEN')}`,
    );
  });

  it('tells an API-token user to create a token with the granular scope', () => {
    renderPanel(
      missingScope(
        ['read:pullrequest:bitbucket'],
        ['read:user:bitbucket', 'read:repository:bitbucket'],
      ),
    );

    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('needs the Bitbucket permission read:pullrequest:bitbucket');
    expect(alert).toHaveTextContent('Granted now: read:user:bitbucket, read:repository:bitbucket.');
    expect(alert).toHaveTextContent(
      'Create a new API token in your Atlassian account settings (Security → API tokens) that includes “read:pullrequest:bitbucket”',
    );
    expect(within(alert).queryByRole('link', { name: 'Sign in again' })).not.toBeInTheDocument();
    expect(
      within(alert).getByRole('link', { name: 'See what this sign-in can do' }),
    ).toHaveAttribute('href', '/account');
  });

  it('says when nothing at all was granted', () => {
    renderPanel(missingScope(['repository', 'pullrequest'], []));
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('needs the Bitbucket permissions repository, pullrequest');
    expect(alert).toHaveTextContent('Granted now: nothing.');
  });

  it('falls back to the plain 403 explanation when no scope is named', () => {
    renderPanel(
      new ApiError({
        status: 403,
        code: 'forbidden',
        source: 'bitbucket',
        message: 'You do not have access to this repository.',
      }),
    );
    const alert = screen.getByRole('alert', { name: 'You do not have access to pull requests' });
    expect(alert).toHaveTextContent('You do not have access to this repository.');
  });
});

describe('a rate-limited answer', () => {
  it('counts Retry-After down and offers Retry only once it reaches zero', async () => {
    const onRetry = vi.fn();
    const user = userEvent.setup();
    renderPanel(rateLimited({ retryAfterSeconds: 2 }), onRetry);

    const alert = screen.getByRole('alert', { name: "Bitbucket's rate limit was reached" });
    expect(within(alert).getByRole('timer')).toHaveTextContent('Try again in 2 s.');
    expect(within(alert).queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();

    expect(await within(alert).findByText('Try again in 1 s.')).toBeInTheDocument();
    const retry = await within(alert).findByRole('button', { name: 'Retry' }, { timeout: 3000 });
    expect(alert).toHaveTextContent('You can try again now.');
    await user.click(retry);
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('offers Retry at once when the answer did not say when', () => {
    renderPanel(rateLimited(), vi.fn());
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Try again in a moment.');
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeEnabled();
  });

  it("tells Pail's own limit apart from Bitbucket's", () => {
    renderPanel(
      rateLimited({ source: 'bff', message: 'Too many requests.', retryAfterSeconds: 75 }),
    );
    const alert = screen.getByRole('alert', { name: 'Too many requests' });
    expect(alert).toHaveTextContent('Try again in 1 min 15 s.');
  });
});

describe('formatWait', () => {
  it('reads seconds, minutes and hours', () => {
    expect(formatWait(0)).toBe('0 s');
    expect(formatWait(42)).toBe('42 s');
    expect(formatWait(60)).toBe('1 min 00 s');
    expect(formatWait(605)).toBe('10 min 05 s');
    expect(formatWait(3720)).toBe('1 h 02 min');
  });
});
