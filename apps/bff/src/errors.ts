// The BFF's own failures as values with a stable `code`; `onError` turns them into the contract's JSON shape.
import type { BffErrorBody, BffErrorCode } from '@pail/shared';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

const DEFAULT_STATUS: Record<BffErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  csrf_required: 403,
  forbidden: 403,
  unauthenticated: 401,
  not_found: 404,
  method_not_allowed: 405,
  path_not_allowed: 400,
  payload_too_large: 413,
  rate_limited: 429,
  invalid_credentials: 401,
  app_password_removed: 401,
  upstream_unavailable: 502,
  upstream_timeout: 504,
  store_unavailable: 503,
  internal: 500,
};

const DEFAULT_MESSAGE: Record<BffErrorCode, string> = {
  bad_request: 'The request is malformed.',
  csrf_required: 'This endpoint needs the X-CSRF: 1 header from the Pail app.',
  forbidden: 'This request is not allowed.',
  unauthenticated: 'You are not signed in.',
  not_found: 'There is nothing here.',
  method_not_allowed: 'This method is not allowed here.',
  path_not_allowed: 'Pail does not proxy this Bitbucket path.',
  payload_too_large: 'The request or response is too large.',
  rate_limited: 'Too many requests; try again shortly.',
  invalid_credentials: 'The credentials were not accepted.',
  app_password_removed: 'Bitbucket no longer accepts app passwords; use an API token.',
  upstream_unavailable: 'Bitbucket could not be reached or answered unexpectedly.',
  upstream_timeout: 'Bitbucket took too long to answer.',
  store_unavailable: 'The session store is unavailable.',
  internal: 'Something went wrong inside Pail.',
};

/**
 * Headers every answer with this code carries unless the thrower says otherwise. A store outage is usually
 * a reconnect or a failover away: the app waits this long before asking again.
 */
const DEFAULT_HEADERS: Partial<Record<BffErrorCode, Record<string, string>>> = {
  store_unavailable: { 'Retry-After': '5' },
};

/** A failure the browser may see. `message` is always ours, never upstream text. */
export class BffError extends Error {
  readonly code: BffErrorCode;
  readonly status: ContentfulStatusCode;
  /** Extra response headers (e.g. `Allow` on a 405). */
  readonly headers: Record<string, string>;

  constructor(
    code: BffErrorCode,
    options: {
      message?: string;
      status?: ContentfulStatusCode;
      headers?: Record<string, string>;
      cause?: unknown;
    } = {},
  ) {
    super(options.message ?? DEFAULT_MESSAGE[code], { cause: options.cause });
    this.name = 'BffError';
    this.code = code;
    this.status = options.status ?? DEFAULT_STATUS[code];
    this.headers = { ...DEFAULT_HEADERS[code], ...options.headers };
  }
}

export function errorBody(code: BffErrorCode, message = DEFAULT_MESSAGE[code]): BffErrorBody {
  return { error: { code, message } };
}
