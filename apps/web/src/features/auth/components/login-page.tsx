// The sign-in page: what Pail is, two ways in (Bitbucket OAuth, or an API token), and why the user is here again.
import { LoginErrorCodeSchema, parseReturnTo } from '@pail/shared';
import type { LoginErrorCode } from '@pail/shared';
import { useSearchParams } from 'react-router';
import { AlertIcon } from '@/components/ui/icons';
import { PailMark } from '@/components/ui/pail-mark';
import { bffPaths } from '@/config/paths';
import { usePageTitle } from '@/hooks/use-page-title';
import { TokenSignInForm } from './token-sign-in-form';
import './login-page.css';

const LOGIN_ERRORS: Record<LoginErrorCode, { title: string; description: string }> = {
  access_denied: {
    title: 'Access was not granted',
    description:
      "You chose Deny on Bitbucket's consent page, so Pail was not given access. To use Pail, sign in again and choose Grant access.",
  },
  state_mismatch: {
    title: 'That sign-in link could not be used',
    description:
      'The sign-in link was used twice, opened in a different browser, or changed along the way, so Pail stopped to keep your account safe. Start again from this page.',
  },
  login_expired: {
    title: 'Sign-in took too long',
    description:
      'More than 10 minutes passed between starting to sign in and coming back from Bitbucket. Please start again.',
  },
  callback_failed: {
    title: 'Bitbucket could not complete sign-in',
    description:
      'Pail could not finish signing you in with Bitbucket. This is usually temporary: try again in a moment.',
  },
  provider_error: {
    title: 'Bitbucket could not complete sign-in',
    description:
      'Bitbucket reported a problem while signing you in. Try again in a moment; if it keeps happening, Bitbucket may be having an outage.',
  },
  unavailable: {
    title: 'Pail could not sign you in just now',
    description:
      'Pail could not keep your sign-in because its session storage is briefly unavailable. Nothing is wrong with your account: try again in a few seconds.',
  },
};

const UNKNOWN_ERROR = {
  title: 'Sign-in did not complete',
  description: 'Something went wrong while signing you in. Please try again.',
};

function isLoginErrorCode(value: string): value is LoginErrorCode {
  return (LoginErrorCodeSchema.options as readonly string[]).includes(value);
}

export function LoginPage() {
  usePageTitle('Sign in');
  const [searchParams] = useSearchParams();
  // Anything but a plain local path is dropped, so this page can never become an open redirect.
  const returnTo = parseReturnTo(searchParams.get('returnTo'));
  const signInHref = bffPaths.login(returnTo);
  const errorCode = searchParams.get('error');
  const error = errorCode
    ? isLoginErrorCode(errorCode)
      ? LOGIN_ERRORS[errorCode]
      : UNKNOWN_ERROR
    : null;
  const sessionEnded = !error && searchParams.get('reason') === 'session_ended';

  return (
    <main className="login">
      <div className="login__card">
        <div className="login__brand">
          <PailMark size={48} />
          <h1 className="login__name">Pail</h1>
        </div>
        <p className="login__tagline">
          Browse your Bitbucket Cloud repositories: fast, read-only, and with no token ever in your
          browser.
        </p>

        {sessionEnded ? (
          <div className="login__notice" role="status">
            <h2 className="login__alert-title">Your session ended — sign in again</h2>
            <p>
              It timed out, was signed out from another browser, or Bitbucket stopped accepting its
              access. Sign in to carry on where you were.
            </p>
          </div>
        ) : null}

        {error ? (
          <div className="login__alert" role="alert">
            <AlertIcon className="icon login__alert-icon" />
            <div>
              <h2 className="login__alert-title">{error.title}</h2>
              <p>{error.description}</p>
              <a className="login__alert-action" href={signInHref}>
                Try again
              </a>
            </div>
          </div>
        ) : null}

        <a className="button button--primary button--large login__button" href={signInHref}>
          Sign in with Bitbucket
        </a>
        <p className="login__fineprint">
          You will approve access on Bitbucket. Pail only reads; it cannot change your code, and it
          never sees your password.
        </p>

        <div className="login__divider">
          <span>or</span>
        </div>

        <TokenSignInForm returnTo={returnTo} />
      </div>
    </main>
  );
}
