// The frame of every signed-in page: header (mark, breadcrumbs, user, sign out) above the page.
import { useEffect, useRef } from 'react';
import { Link, Outlet, ScrollRestoration, useLocation, useNavigation } from 'react-router';
import { Avatar } from '@/components/ui/avatar';
import { PailMark } from '@/components/ui/pail-mark';
import { paths } from '@/config/paths';
import { useSession } from '@/features/auth/api/get-session';
import { SignOutButton } from '@/features/auth/components/sign-out-button';
import { ConnectivityBanner } from '@/features/connectivity/components/connectivity-banner';
import { Breadcrumbs } from './breadcrumbs';
import './app-layout.css';

export function AppLayout() {
  const { data: session } = useSession();
  const navigation = useNavigation();
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const shownPath = useRef(pathname);

  useEffect(() => {
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    // A followed link that the new page replaced (or that sits in the previous page, inert while the next
    // one loads) leaves focus nowhere, so the next Tab would start at the top of the document; start it
    // from the page's content instead. Focus still in place stays put.
    const active = document.activeElement;
    const lost =
      active === null ||
      active === document.body ||
      !active.isConnected ||
      active.closest('[inert]') !== null;
    if (lost) mainRef.current?.focus({ preventScroll: true });
  }, [pathname]);

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
      <ConnectivityBanner />
      <main ref={mainRef} id="main" className="app-main" tabIndex={-1}>
        <Outlet />
      </main>
      <ScrollRestoration />
    </div>
  );
}
