// "Sign out": ends the BFF session, forgets everything cached for this user, and lands on the sign-in page.
import { useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { useNavigate } from 'react-router';
import { paths } from '@/config/paths';
import { useLogout } from '../api/logout';
import { sessionQueryKey } from '../api/get-session';

export function SignOutButton({ variant = 'subtle' }: { variant?: 'subtle' | 'default' }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const inFlight = useRef(false);
  const logout = useLogout({
    onSuccess: async () => {
      // Null first, so the sign-in page does not bounce a "signed-in" user straight back.
      // The sign-in page then clears the rest of the cache, once this page has unmounted.
      queryClient.setQueryData(sessionQueryKey, null);
      await navigate(paths.login(), { replace: true });
    },
  });

  return (
    <>
      <button
        type="button"
        className={`button button--small${variant === 'subtle' ? ' button--subtle' : ''}`}
        onClick={() => {
          // Both clicks of a double-click arrive before `disabled` renders: one POST is enough.
          if (inFlight.current) return;
          inFlight.current = true;
          logout.mutate(undefined, {
            onSettled: () => {
              inFlight.current = false;
            },
          });
        }}
        disabled={logout.isPending}
      >
        {logout.isPending ? 'Signing out…' : 'Sign out'}
      </button>
      {logout.isError ? (
        <span className="sign-out-error" role="alert">
          Could not sign out. Try again.
        </span>
      ) : null}
    </>
  );
}
