// GET /bff/usage: this user's Bitbucket calls through Pail over the rolling hour, against Bitbucket's limit.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { UsageInfo } from '@pail/shared';
import { bffPaths } from '@/config/paths';
import { api } from '@/lib/api-client';

export function getUsage({ signal }: { signal?: AbortSignal } = {}): Promise<UsageInfo> {
  return api.get<UsageInfo>(bffPaths.usage(), { signal });
}

export const usageQueryKey = ['usage'] as const;

/** Refreshed every half minute while the account page is open: the window rolls on its own. */
export function getUsageQueryOptions() {
  return queryOptions({
    queryKey: usageQueryKey,
    queryFn: ({ signal }) => getUsage({ signal }),
    refetchInterval: 30_000,
  });
}

export function useUsage() {
  return useQuery(getUsageQueryOptions());
}
