// Upstream calls as the emulator logs them, and the counts the journey reports from them.

/** One request the emulator received (`GET /_emulator/requests`); `status` once the log records it. */
export interface UpstreamCall {
  method: string;
  path: string;
  query: string;
  status?: number;
}

/**
 * A call to Bitbucket's REST API (`/2.0/…`, what its hourly limit counts), or the BFF's token exchange and
 * refresh. The browser's own requests to Bitbucket — the consent page, avatar images — are not Pail's calls.
 */
export function isApiCall(call: UpstreamCall): boolean {
  return call.path.startsWith('/2.0/') || call.path === '/site/oauth2/access_token';
}

export function callKey(call: UpstreamCall): string {
  return `${call.method} ${call.path}${call.query ? `?${call.query}` : ''}`;
}

/** Calls that repeat an earlier one exactly (method, path and query): each repeat counts once. */
export function repeatedCalls(calls: readonly UpstreamCall[]): string[] {
  const seen = new Set<string>();
  const repeats: string[] = [];
  for (const call of calls) {
    const key = callKey(call);
    if (seen.has(key)) repeats.push(key);
    else seen.add(key);
  }
  return repeats;
}

/** Full responses (2xx with a body) against revalidated ones (304); `undefined` when statuses are not logged. */
export function responseKinds(
  calls: readonly UpstreamCall[],
): { full: number; notModified: number } | undefined {
  if (calls.some((call) => typeof call.status !== 'number')) return undefined;
  return {
    full: calls.filter((call) => (call.status as number) >= 200 && (call.status as number) < 300)
      .length,
    notModified: calls.filter((call) => call.status === 304).length,
  };
}
