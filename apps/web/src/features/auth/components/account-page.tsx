// /account: who is signed in, how, with which Bitbucket permissions, and until when.
import { Avatar } from '@/components/ui/avatar';
import { Badge } from '@/components/ui/badge';
import { RelativeTime } from '@/components/ui/relative-time';
import { usePageTitle } from '@/hooks/use-page-title';
import { useSession } from '../api/get-session';
import { SignOutButton } from './sign-out-button';
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

  return (
    <div className="page page--narrow">
      <header className="page-header">
        <h1 className="page-header__title">Account</h1>
      </header>
      <section className="card account">
        <div className="account__identity">
          <Avatar src={user.avatarUrl} name={user.displayName} size="xl" />
          <div>
            <h2 className="account__name">{user.displayName}</h2>
            {user.nickname ? <p className="account__nickname">@{user.nickname}</p> : null}
          </div>
        </div>
        <dl className="details">
          <div>
            <dt>Signed in with</dt>
            <dd>{AUTH_METHODS[session.authMethod]}</dd>
          </div>
          <div>
            <dt>Permissions</dt>
            <dd className="account__scopes">
              {session.scopes.length > 0
                ? session.scopes.map((scope) => <Badge key={scope}>{scope}</Badge>)
                : 'None reported'}
            </dd>
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
        <div className="account__actions">
          <SignOutButton variant="default" />
        </div>
      </section>
    </div>
  );
}
