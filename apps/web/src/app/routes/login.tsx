// /login: the sign-in page. Whoever reaches it has no session, so everything cached for the last one goes.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { LoginPage } from '@/features/auth/components/login-page';

export function LoginRoute() {
  const queryClient = useQueryClient();
  // In an effect, not before navigating: the previous page has unmounted by now, so nothing refetches.
  useEffect(() => {
    queryClient.clear();
  }, [queryClient]);
  return <LoginPage />;
}
