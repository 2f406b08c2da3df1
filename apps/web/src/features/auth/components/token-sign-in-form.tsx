// Sign-in with an Atlassian account email and an API token: the scopes Pail needs, where to create one, and why it failed.
import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { AlertIcon, ExternalLinkIcon } from '@/components/ui/icons';
import { formatWait } from '@/components/ui/query-error-panel';
import { isServedByBff, paths } from '@/config/paths';
import { useCountdown } from '@/hooks/use-countdown';
import { isApiError } from '@/lib/api-client';
import type { ApiError } from '@/lib/api-client';
import { sessionQueryKey } from '../api/get-session';
import { useLoginWithToken } from '../api/login-with-token';

export const API_TOKENS_URL = 'https://id.atlassian.com/manage-profile/security/api-tokens';

/** The granular scopes Pail reads with, and what each one lets it show. */
export const REQUIRED_TOKEN_SCOPES = [
  { scope: 'read:user:bitbucket', purpose: 'your name and avatar' },
  { scope: 'read:workspace:bitbucket', purpose: 'your workspaces' },
  { scope: 'read:repository:bitbucket', purpose: 'files, history, branches and tags' },
  { scope: 'read:pullrequest:bitbucket', purpose: 'pull requests' },
] as const;

interface FieldErrors {
  username?: string;
  token?: string;
}

export function TokenSignInForm({ returnTo }: { returnTo: string | undefined }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const ids = useId();
  const usernameRef = useRef<HTMLInputElement>(null);
  const tokenRef = useRef<HTMLInputElement>(null);
  const [username, setUsername] = useState('');
  const [token, setToken] = useState('');
  const [tokenVisible, setTokenVisible] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  const login = useLoginWithToken({
    onSuccess: async (session) => {
      setToken('');
      queryClient.setQueryData(sessionQueryKey, session);
      const target = returnTo ?? paths.home();
      // A raw file is the BFF's, not a page of this app: only a real navigation reaches it.
      if (isServedByBff(target)) window.location.replace(target);
      else await navigate(target, { replace: true });
    },
  });
  const failure = login.error;
  const retryAfter = useCountdown(
    isApiError(failure) && failure.status === 429 ? failure.retryAfterSeconds : undefined,
    failure,
  );
  const waiting = retryAfter !== undefined && retryAfter > 0;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (login.isPending || waiting) return;
    const trimmed = username.trim();
    const errors: FieldErrors = {};
    if (trimmed === '') errors.username = 'Enter the email address of your Atlassian account.';
    if (token === '') errors.token = 'Enter your API token.';
    setFieldErrors(errors);
    if (errors.username) return usernameRef.current?.focus();
    if (errors.token) return tokenRef.current?.focus();

    login.mutate(
      { username: trimmed, token },
      {
        onError: (error) => {
          // A refused secret is of no further use: clear it so it is not resubmitted or left on screen.
          if (
            isApiError(error) &&
            (error.code === 'invalid_credentials' || error.code === 'app_password_removed')
          ) {
            setToken('');
            setTokenVisible(false);
            tokenRef.current?.focus();
          }
        },
      },
    );
  }

  const usernameErrorId = `${ids}-username-error`;
  const tokenErrorId = `${ids}-token-error`;
  const scopesId = `${ids}-scopes`;

  return (
    <section className="token-sign-in" aria-labelledby={`${ids}-title`}>
      <h2 className="token-sign-in__title" id={`${ids}-title`}>
        Sign in with an API token
      </h2>

      {failure ? <TokenSignInFailure error={failure} retryAfter={retryAfter} /> : null}

      <form className="token-sign-in__form" method="post" noValidate onSubmit={onSubmit}>
        <div className="token-sign-in__field">
          <label htmlFor={`${ids}-username`}>Atlassian account email</label>
          <input
            ref={usernameRef}
            id={`${ids}-username`}
            className="input"
            name="username"
            type="text"
            inputMode="email"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={320}
            required
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            aria-invalid={fieldErrors.username ? true : undefined}
            aria-describedby={fieldErrors.username ? usernameErrorId : undefined}
          />
          {fieldErrors.username ? (
            <p className="token-sign-in__field-error" id={usernameErrorId} role="alert">
              {fieldErrors.username}
            </p>
          ) : null}
        </div>

        <div className="token-sign-in__field">
          <label htmlFor={`${ids}-token`}>API token</label>
          <div className="token-sign-in__secret">
            <input
              ref={tokenRef}
              id={`${ids}-token`}
              className="input"
              name="token"
              type={tokenVisible ? 'text' : 'password'}
              autoComplete="current-password"
              autoCapitalize="none"
              autoCorrect="off"
              spellCheck={false}
              maxLength={4096}
              required
              value={token}
              onChange={(event) => setToken(event.target.value)}
              aria-invalid={fieldErrors.token ? true : undefined}
              aria-describedby={fieldErrors.token ? `${tokenErrorId} ${scopesId}` : scopesId}
            />
            <button
              type="button"
              className="button button--subtle button--small token-sign-in__toggle"
              aria-pressed={tokenVisible}
              aria-controls={`${ids}-token`}
              onClick={() => setTokenVisible((visible) => !visible)}
            >
              {tokenVisible ? 'Hide token' : 'Show token'}
            </button>
          </div>
          {fieldErrors.token ? (
            <p className="token-sign-in__field-error" id={tokenErrorId} role="alert">
              {fieldErrors.token}
            </p>
          ) : null}
        </div>

        <button
          type="submit"
          className="button button--large token-sign-in__submit"
          disabled={login.isPending || waiting}
        >
          {login.isPending ? 'Signing in…' : 'Sign in with token'}
        </button>
      </form>

      <div className="token-sign-in__help" id={scopesId}>
        <p>
          Create one in your Atlassian account settings, under <strong>Security</strong> →{' '}
          <strong>API tokens</strong>:{' '}
          <a href={API_TOKENS_URL} target="_blank" rel="noreferrer">
            Create an API token
            <ExternalLinkIcon className="icon token-sign-in__external" />
            <span className="visually-hidden"> (opens in a new tab)</span>
          </a>
          . Choose Bitbucket and give it these scopes:
        </p>
        <ul className="token-sign-in__scopes">
          {REQUIRED_TOKEN_SCOPES.map(({ scope, purpose }) => (
            <li key={scope}>
              <code>{scope}</code> <span className="text-subtle">— {purpose}</span>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

function TokenSignInFailure({
  error,
  retryAfter,
}: {
  error: Error;
  retryAfter: number | undefined;
}) {
  const { title, description } = describeFailure(error, retryAfter);
  return (
    <div className="login__alert" role="alert">
      <AlertIcon className="icon login__alert-icon" />
      <div>
        <h3 className="login__alert-title">{title}</h3>
        <p>{description}</p>
      </div>
    </div>
  );
}

function describeFailure(
  error: Error,
  retryAfter: number | undefined,
): { title: string; description: ReactNode } {
  const apiError: ApiError | undefined = isApiError(error) ? error : undefined;
  switch (apiError?.code) {
    case 'invalid_credentials':
      return {
        title: 'That email and API token did not work',
        description:
          'Bitbucket did not accept them. Check the email of your Atlassian account, then paste the API token again: it may have been mistyped, revoked or expired.',
      };
    case 'app_password_removed':
      return {
        title: 'App passwords no longer work',
        description:
          'Bitbucket Cloud retired app passwords on 28 July 2026, so it refuses them now. Create an API token in your Atlassian account settings (Security → API tokens) and sign in with your Atlassian account email and that token instead.',
      };
    case 'rate_limited':
      return {
        title: 'Too many sign-in attempts',
        description:
          retryAfter === undefined ? (
            'Wait a minute, then try again.'
          ) : retryAfter > 0 ? (
            // A timer is not read out on every tick; the alert's sentence is read once.
            <span role="timer">Try again in {formatWait(retryAfter)}.</span>
          ) : (
            'You can try again now.'
          ),
      };
    case 'bad_request':
      return {
        title: 'Sign-in could not be sent',
        description: 'Enter the email address of your Atlassian account and an API token.',
      };
    case 'upstream_unavailable':
    case 'upstream_timeout':
      return {
        title: 'Bitbucket could not be reached',
        description:
          'Pail could not check the token with Bitbucket. Try again in a moment; if it keeps happening, Bitbucket may be having an outage.',
      };
    case 'network_error':
      return { title: "Pail's server could not be reached", description: apiError.message };
    default:
      return {
        title: 'Sign-in did not complete',
        description: 'Something went wrong while signing you in. Please try again.',
      };
  }
}
