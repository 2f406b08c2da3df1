// POST /bff/logout: ends the server-side session and clears its cookie.
import { useMutation } from '@tanstack/react-query';
import { bffPaths } from '@/config/paths';
import { api, isApiError } from '@/lib/api-client';

export async function logout(): Promise<void> {
  try {
    await api.post<void>(bffPaths.logout(), { redirectOnUnauthenticated: false });
  } catch (error) {
    // Already signed out is the outcome we wanted.
    if (isApiError(error) && error.status === 401) return;
    throw error;
  }
}

export function useLogout({ onSuccess }: { onSuccess?: () => void | Promise<void> } = {}) {
  return useMutation({ mutationFn: logout, onSuccess });
}
