// /account: who is signed in and how, what Pail can do with the granted scopes, active sessions, and API usage.
import { Avatar } from '@/components/ui/avatar';
import { Badge } from '@/components/ui/badge';
import { RelativeTime } from '@/components/ui/relative-time';
import { usePageTitle } from '@/hooks/use-page-title';
import { useSession } from '../api/get-session';
import { describeCapabilities } from '../scope-capabilities';
import { ActiveSessions } from './active-sessions';
import { ApiUsage } from './api-usage';
import './account-page.css';

const AUTH_METHODS = {
  oauth: 'Bitbucket (OAuth)',
  token: 'API token',
} as const;

export function AccountPage() {
  usePageTitle('Account');
  const { data: session } = useSession();
  if (!session) return null;
  const { user } = session;
  const capabilities = describeCapabilities(session.scopes, session.authMethod);

  return (
    <div className="page page--narrow account-page">
      <header className="page-header">
        <h1 className="page-header__title">Account</h1>
      </header>

      <section className="card account" aria-labelledby="account-identity">
        <div className="account__identity">
          <Avatar src={user.avatarUrl} name={user.displayName} size="xl" />
          <div>
            <h2 className="account__name" id="account-identity">
              {user.displayName}
            </h2>
            {user.nickname ? <p className="account__nickname">@{user.nickname}</p> : null}
          </div>
        </div>
        <dl className="details">
          <div>
            <dt>Signed in with</dt>
            <dd>{AUTH_METHODS[session.authMethod]}</dd>
          </div>
          <div>
            <dt>Session ends</dt>
            <dd>
              <RelativeTime value={session.expiresAt} />
            </dd>
          </div>
          {user.accountId ? (
            <div>
              <dt>Atlassian account ID</dt>
              <dd>
                <code>{user.accountId}</code>
              </dd>
            </div>
          ) : null}
        </dl>
      </section>

      <section className="card account-section" aria-labelledby="account-permissions">
        <h2 className="account-section__title" id="account-permissions">
          What Pail can do
        </h2>
        <p className="account-section__intro">
          {session.authMethod === 'token'
            ? 'Pail can read only what your API token’s scopes allow.'
            : 'Pail can read only what Pail’s Bitbucket OAuth consumer was granted.'}
          {session.scopes.length === 0
            ? ' Bitbucket did not report this sign-in’s scopes, so a page will say if it needs one that is missing.'
            : null}
        </p>
        <ul className="capabilities" aria-label="Permissions">
          {capabilities.map((capability) => (
            <li
              key={capability.id}
              className={`capability${capability.available ? '' : ' capability--missing'}`}
            >
              <span className="capability__label">{capability.label}</span>
              {capability.available === undefined ? (
                <span className="capability__status">
                  <Badge>Not reported</Badge>{' '}
                  <span className="text-subtle">{capability.covers}</span>
                </span>
              ) : capability.available ? (
                <span className="capability__status">
                  <Badge tone="success">Available</Badge>{' '}
                  <span className="text-subtle">{capability.covers}</span>
                </span>
              ) : (
                <span className="capability__status">
                  <Badge tone="warning">Not available</Badge>{' '}
                  <span>
                    add the <em>{capability.classic[0]}</em> permission (OAuth consumer) or{' '}
                    <em>{capability.granular[0]}</em> (API token)
                  </span>
                </span>
              )}
            </li>
          ))}
        </ul>
        <dl className="details account-section__scopes">
          <div>
            <dt>Granted scopes</dt>
            <dd className="account__scopes">
              {session.scopes.length > 0
                ? session.scopes.map((scope) => <Badge key={scope}>{scope}</Badge>)
                : 'None reported'}
            </dd>
          </div>
        </dl>
      </section>

      <ActiveSessions />
      <ApiUsage />
    </div>
  );
}
