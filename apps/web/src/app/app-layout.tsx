// The frame of every signed-in page: header (mark, breadcrumbs, user, sign out) above the page.
import { Link, Outlet, ScrollRestoration, useNavigation } from 'react-router';
import { Avatar } from '@/components/ui/avatar';
import { PailMark } from '@/components/ui/pail-mark';
import { paths } from '@/config/paths';
import { useSession } from '@/features/auth/api/get-session';
import { SignOutButton } from '@/features/auth/components/sign-out-button';
import { Breadcrumbs } from './breadcrumbs';
import './app-layout.css';

export function AppLayout() {
  const { data: session } = useSession();
  const navigation = useNavigation();

  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="app-header__inner">
          <Link className="app-header__brand" to={paths.home()} aria-label="Pail home">
            <PailMark size={28} />
            <span className="app-header__name" aria-hidden="true">
              Pail
            </span>
          </Link>
          <Breadcrumbs />
          {session ? (
            <div className="app-header__user">
              <Link className="app-header__account" to={paths.account()} title="Your account">
                <Avatar src={session.user.avatarUrl} name={session.user.displayName} size="sm" />
                <span className="app-header__display-name">{session.user.displayName}</span>
              </Link>
              <SignOutButton />
            </div>
          ) : null}
        </div>
        {navigation.state === 'loading' ? (
          <div className="app-header__progress" aria-hidden="true" />
        ) : null}
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        <Outlet />
      </main>
      <ScrollRestoration />
    </div>
  );
}
