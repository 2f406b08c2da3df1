// The address a request came from: the socket's, or a trusted proxy's X-Forwarded-For entry.
import type { Context } from 'hono';
import type { BffEnv } from '../context';
import { peerAddress } from '../request-source';

/** When nothing says where a request came from (tests, some runtimes), all such requests share one bucket. */
export const UNKNOWN_CLIENT = 'unknown';

/**
 * `trustedProxies` is `PAIL_TRUST_PROXY`: with 0, `X-Forwarded-For` is ignored (anyone can send it). With
 * N, the hops are read from the right — the socket address, then the entries each trusted proxy appended —
 * and the address N hops back is the client; entries further left were written by the client itself.
 */
export function clientAddress(c: Context<BffEnv>, trustedProxies: number): string {
  const socket = peerAddress(c) ?? UNKNOWN_CLIENT;
  if (trustedProxies === 0) return socket;
  const forwarded = (c.req.header('X-Forwarded-For') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const hops = [...forwarded, socket];
  return hops[Math.max(0, hops.length - 1 - trustedProxies)] ?? socket;
}

/**
 * The unit a client address is counted in: an IPv4 address as it is (IPv4-mapped IPv6 included), an IPv6
 * address by its /64. One host is routinely given a whole /64, so counting single IPv6 addresses would let
 * it pick a fresh one for every attempt.
 */
export function addressBlock(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped?.[1] !== undefined) return mapped[1];
  if (!address.includes(':')) return address;
  const [head = '', tail] = (address.split('%')[0] ?? '').toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups =
    tail === undefined
      ? left
      : [
          ...left,
          ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'),
          ...right,
        ];
  const prefix = groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, ''));
  while (prefix.length < 4) prefix.push('0');
  return `${prefix.join(':')}::/64`;
}
