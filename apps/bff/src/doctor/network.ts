// Outbound requests of the doctor: bounded in time, never following redirects, failures put into words.
import type { FetchLike } from '../oauth/oauth-client';

export type Probe =
  { ok: true; response: Response; elapsedMs: number } | { ok: false; reason: string; code: string };

/**
 * Sends one request with a deadline. Redirects are never followed: a redirected token endpoint would
 * otherwise receive the client credentials at a host nobody configured.
 */
export async function probe(
  fetch: FetchLike,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<Probe> {
  const started = Date.now();
  try {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { ok: true, response, elapsedMs: Date.now() - started };
  } catch (error) {
    return { ok: false, ...describeFetchFailure(error, url, timeoutMs) };
  }
}

/** The system error code behind a failed fetch (undici wraps it in `cause`, sometimes in an AggregateError). */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const nested = (current as { errors?: unknown }).errors;
    if (Array.isArray(nested) && nested[0] instanceof Error) {
      const inner = (nested[0] as { code?: unknown }).code;
      if (typeof inner === 'string') return inner;
    }
    current = current.cause;
  }
  return undefined;
}

const TLS_CODES = /^(CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|ERR_TLS_|ERR_SSL_)/;

/** Why a request never got an HTTP answer, in words an operator can act on. */
export function describeFetchFailure(
  error: unknown,
  url: string,
  timeoutMs: number,
): { reason: string; code: string } {
  const { host } = new URL(url);
  const hostname = new URL(url).hostname;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return { code: 'timeout', reason: `no answer from ${host} within ${timeoutMs / 1000} s` };
  }
  const code = errorCode(error) ?? 'unknown';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return {
      code,
      reason: `the host name ${hostname} does not resolve (DNS ${code === 'EAI_AGAIN' ? 'lookup failed for now' : 'has no such name'})`,
    };
  }
  if (code === 'ECONNREFUSED') {
    return { code, reason: `nothing is listening at ${host} (connection refused)` };
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') {
    return { code, reason: `could not connect to ${host} in time (connection timed out)` };
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return { code, reason: `${host} dropped the connection` };
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return { code, reason: `no network route to ${host}` };
  }
  if (TLS_CODES.test(code)) {
    return { code, reason: `the TLS certificate of ${host} is not trusted (${code})` };
  }
  return {
    code,
    reason: `the request to ${host} failed (${code === 'unknown' && error instanceof Error ? error.message : code})`,
  };
}

/** Reads at most `limit` characters of a body: enough to recognise an error, never a whole page. */
export async function readSome(response: Response, limit = 65_536): Promise<string> {
  try {
    return (await response.text()).slice(0, limit);
  } catch {
    return '';
  }
}

/** The body as a JSON object, or undefined. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
