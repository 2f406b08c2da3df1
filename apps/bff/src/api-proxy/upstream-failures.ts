// Which of Bitbucket's failures are worth one more try, and how the rest reach the browser (decision 028).
import { BffError } from '../errors';

/** The jittered pause before the one retry: at least this long… */
export const RETRY_PAUSE_MIN_MS = 100;
/** …and at most this much longer, so many browsers' retries after one blip do not arrive in step. */
export const RETRY_PAUSE_SPREAD_MS = 200;
/** A 503 asking for a longer wait than this is Bitbucket shedding load: retrying sooner only adds to it. */
export const MAX_RETRY_AFTER_SECONDS = 1;

/** Bitbucket's answers that mean "not now": the browser gets Pail's 502 instead of Bitbucket's page. */
const UNAVAILABLE_STATUSES = new Set([500, 502, 503, 504]);
/** Of those, the ones a second try usually gets past (a proxy that lost its backend, a brief overload). */
const RETRIED_STATUSES = new Set([502, 503]);

/**
 * Socket-level failures where the request most likely never reached Bitbucket's application: undici's
 * and Node's codes. A DNS failure or a bad certificate is not here: it will not fix itself in 200 ms.
 */
const RETRIED_CONNECTION_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/** The pause before the retry, for `random` in [0, 1). */
export function retryPauseMs(random: number): number {
  return RETRY_PAUSE_MIN_MS + Math.floor(Math.min(Math.max(random, 0), 1) * RETRY_PAUSE_SPREAD_MS);
}

/**
 * `Retry-After` in whole seconds from now (RFC 9110 §10.2.3: delay-seconds or an HTTP-date), or undefined
 * when absent or unreadable.
 */
export function retryAfterSeconds(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text);
  const date = Date.parse(text);
  if (!/[a-z]/i.test(text) || Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** Why this answer is worth one more try ('status_502'…), or undefined when it is not. */
export function retryableAnswer(response: Response, now: number): string | undefined {
  if (!RETRIED_STATUSES.has(response.status)) return undefined;
  if (response.status === 503) {
    const wait = retryAfterSeconds(response.headers.get('Retry-After'), now);
    if (wait !== undefined && wait > MAX_RETRY_AFTER_SECONDS) return undefined;
  }
  return `status_${response.status}`;
}

/** The socket error's code, looked for along the `cause` chain (`TypeError: fetch failed` → its cause). */
export function connectionErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

/**
 * Why this failed fetch is worth one more try, or undefined. Workers' fetch names no code: its lost
 * connection is recognised by its message.
 */
export function retryableFailure(error: unknown): string | undefined {
  const code = connectionErrorCode(error);
  if (code !== undefined) return RETRIED_CONNECTION_CODES.has(code) ? code : undefined;
  if (error instanceof Error && /network connection lost/i.test(error.message)) {
    return 'connection_lost';
  }
  return undefined;
}

/** True for Bitbucket's 500, 502, 503 and 504: the browser sees Pail's 502 `upstream_unavailable`. */
export function isUnavailableStatus(status: number): boolean {
  return UNAVAILABLE_STATUSES.has(status);
}

/**
 * Pail's 502 for Bitbucket's 5xx, naming the status it gave, with its `Retry-After` (in seconds) when it
 * sent one, so the app waits as long as Bitbucket asked.
 */
export function unavailableError(response: Response, now: number): BffError {
  const wait = retryAfterSeconds(response.headers.get('Retry-After'), now);
  const status = response.status;
  return new BffError('upstream_unavailable', {
    message: `Bitbucket is not available right now (it answered ${status}${
      status === 504 ? ', a gateway timeout' : ''
    }). Try again shortly.`,
    headers: wait === undefined ? {} : { 'Retry-After': String(wait) },
  });
}
