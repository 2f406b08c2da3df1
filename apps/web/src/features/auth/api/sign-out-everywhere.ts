// DELETE /bff/sessions: ends every session of this user, the one in this browser included.
import { useMutation } from '@tanstack/react-query';
import { bffPaths } from '@/config/paths';
import { api, isApiError } from '@/lib/api-client';

export async function signOutEverywhere(): Promise<void> {
  try {
    await api.delete(bffPaths.sessions(), { redirectOnUnauthenticated: false });
  } catch (error) {
    // Already signed out here; the others could not be reached without a session anyway.
    if (isApiError(error) && error.status === 401) return;
    throw error;
  }
}

export function useSignOutEverywhere({
  onSuccess,
}: { onSuccess?: () => void | Promise<void> } = {}) {
  return useMutation({ mutationFn: signOutEverywhere, onSuccess });
}
