// The react-query client and its defaults: when to retry, how long Bitbucket data stays fresh.
import { QueryClient } from '@tanstack/react-query';
import { isApiError } from './api-client';

/**
 * Retry only what may succeed on its own: network failures and 5xx. A 4xx (signed out, missing scope,
 * not found, rate limited) will answer the same again, and Bitbucket counts every call against an hourly limit.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (isApiError(error) && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function createQueryClient(options: { retry?: boolean } = {}): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: options.retry === false ? false : shouldRetry,
        staleTime: 60_000,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}
