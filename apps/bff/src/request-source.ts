// Where a request came from, as each runtime tells it: the target as the client sent it, and the peer's address.
import type { Context } from 'hono';
import type { BffEnv } from './context';

/** The path and query of an absolute URL's text, cut out without parsing it (parsing would normalise it). */
function targetOf(url: string): string | undefined {
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(url);
  if (authority === null) return undefined;
  const rest = url.slice(authority[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/**
 * The request target (path and query) as received, for checks that must see what URL parsing would hide:
 * Node's raw `IncomingMessage.url`, and the text of the request's own URL — workerd keeps `%2e%2e`, `%2F`
 * and `\` in it as sent (it resolves literal dot segments only, as browsers do before sending), where
 * `new URL()` would turn them into a different path. Checked as well as the parsed path, never instead.
 */
export function receivedTargets(c: Context<BffEnv>): string[] {
  const node = c.env?.incoming?.url;
  return targetsReceived(typeof node === 'string' ? node : undefined, c.req.url);
}

/** `receivedTargets` from its parts: Node's raw target, if any, and the text of the request's URL. */
export function targetsReceived(nodeTarget: string | undefined, requestUrl: string): string[] {
  const targets: string[] = [];
  if (nodeTarget !== undefined) targets.push(nodeTarget);
  const text = targetOf(requestUrl);
  if (text !== undefined && !targets.includes(text)) targets.push(text);
  return targets;
}

/**
 * The address of whoever opened the connection: Node's socket peer, or on Workers the client address
 * Cloudflare's edge vouches for. Undefined when the runtime does not say (tests).
 */
export function peerAddress(c: Context<BffEnv>): string | undefined {
  return c.env?.incoming?.socket?.remoteAddress ?? c.env?.cloudflare?.connectingIp;
}
