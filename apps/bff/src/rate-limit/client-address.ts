// The address a request came from: the socket's, or a trusted proxy's X-Forwarded-For entry.
import type { Context } from 'hono';
import type { BffEnv } from '../context';

/** When nothing says where a request came from (tests, some runtimes), all such requests share one bucket. */
export const UNKNOWN_CLIENT = 'unknown';

/**
 * `trustedProxies` is `PAIL_TRUST_PROXY`: with 0, `X-Forwarded-For` is ignored (anyone can send it). With
 * N, the hops are read from the right — the socket address, then the entries each trusted proxy appended —
 * and the address N hops back is the client; entries further left were written by the client itself.
 */
export function clientAddress(c: Context<BffEnv>, trustedProxies: number): string {
  const socket = c.env?.incoming?.socket?.remoteAddress ?? UNKNOWN_CLIENT;
  if (trustedProxies === 0) return socket;
  const forwarded = (c.req.header('X-Forwarded-For') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const hops = [...forwarded, socket];
  return hops[Math.max(0, hops.length - 1 - trustedProxies)] ?? socket;
}
