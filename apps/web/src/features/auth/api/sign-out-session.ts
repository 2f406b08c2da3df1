// DELETE /bff/sessions/{id}: ends one of this user's sessions (another browser), named by its public id.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { bffPaths } from '@/config/paths';
import { api, isApiError } from '@/lib/api-client';
import { sessionsQueryKey } from './list-sessions';

export async function signOutSession(id: string): Promise<void> {
  try {
    await api.delete(bffPaths.sessionById(id));
  } catch (error) {
    // It ended on its own (timed out, or signed out there) meanwhile: the outcome asked for.
    if (isApiError(error) && error.status === 404) return;
    throw error;
  }
}

/** Ends the session, then reloads the list so it is gone from the page. */
export function useSignOutSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOutSession,
    onSettled: () => queryClient.invalidateQueries({ queryKey: sessionsQueryKey }),
  });
}
