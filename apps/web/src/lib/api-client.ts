// The SPA's only fetch wrapper: same-origin calls to the BFF with the CSRF header, JSON, and typed errors.
import { API_PREFIX, CSRF_HEADER, CSRF_HEADER_VALUE, isBffErrorBody } from '@pail/shared';
import type { BffErrorCode } from '@pail/shared';
import type { BitbucketErrorBody } from '@pail/shared/bitbucket';
import { toQueryString } from '@/config/paths';
import { connectivity } from './connectivity';

/** Stable reasons a call failed: the BFF's own codes plus what Bitbucket's answers and the network mean. */
export type ApiErrorCode =
  | BffErrorCode
  | 'missing_scope'
  | 'rate_limited'
  | 'not_found'
  | 'gone'
  | 'bitbucket_error'
  | 'network_error'
  | 'http_error';

export interface ApiErrorInit {
  status: number;
  code: ApiErrorCode;
  message: string;
  source: 'bff' | 'bitbucket' | 'network' | 'http';
  detail?: string;
  requiredScopes?: string[];
  grantedScopes?: string[];
  retryAfterSeconds?: number;
}

/** A failed call, as a value the UI can explain. `status` is 0 when the server could not be reached. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly source: ApiErrorInit['source'];
  readonly detail: string | undefined;
  /** On a 403 for a missing scope: the scopes the endpoint needs (Bitbucket's `detail.required`). */
  readonly requiredScopes: string[] | undefined;
  readonly grantedScopes: string[] | undefined;
  /** On a 429 (or 503): how long to wait, from `Retry-After`. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.source = init.source;
    this.detail = init.detail;
    this.requiredScopes = init.requiredScopes;
    this.grantedScopes = init.grantedScopes;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** A Bitbucket 403 because the sign-in lacks a permission: names what is required (and what was granted). */
export type MissingScopeError = ApiError & { code: 'missing_scope'; requiredScopes: string[] };

export function isMissingScopeError(error: unknown): error is MissingScopeError {
  return (
    isApiError(error) &&
    error.code === 'missing_scope' &&
    error.requiredScopes !== undefined &&
    error.requiredScopes.length > 0
  );
}

/** A 429, from Bitbucket or from the BFF itself; `retryAfterSeconds` is set when the answer said when. */
export type RateLimitedError = ApiError & { status: 429 };

export function isRateLimitedError(error: unknown): error is RateLimitedError {
  return isApiError(error) && error.status === 429;
}

/**
 * Granular scopes (`read:repository:bitbucket`) belong to API tokens; classic ones (`repository`) to
 * OAuth consumers. Which kind a 403 names tells the user where the permission is added.
 */
export function isGranularScope(scope: string): boolean {
  return /^[a-z]+:[a-z-]+:bitbucket$/.test(scope);
}

type UnauthenticatedHandler = () => void;
let unauthenticatedHandler: UnauthenticatedHandler | undefined;

/**
 * Who to tell when a call answers 401: the app wires this to the router so the user lands on
 * `/login?returnTo=<where they were>&reason=session_ended`. Returns a function that removes the handler.
 */
export function setUnauthenticatedHandler(handler: UnauthenticatedHandler | undefined): () => void {
  unauthenticatedHandler = handler;
  return () => {
    if (unauthenticatedHandler === handler) unauthenticatedHandler = undefined;
  };
}

export type QueryParams = Record<string, string | number | undefined | null>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  query?: QueryParams;
  /** Sent as `application/json`. */
  json?: unknown;
  signal?: AbortSignal;
  /** `false` where a 401 is an answer, not an expired session (e.g. `GET /bff/session`, logout). */
  redirectOnUnauthenticated?: boolean;
  /**
   * `bytes` returns a successful body as it came (a `Uint8Array`), e.g. a file whose own formatting and
   * encoding matter; errors are read and typed as for any call. Default `json` (text when not JSON).
   */
  responseType?: 'json' | 'bytes';
}

/** Sends one same-origin request to the BFF and returns its parsed JSON (`undefined` for 204). */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  // Every call's outcome feeds what the app says about Bitbucket's health (slow, down, rate-limited).
  const call = connectivity.callStarted(path);
  try {
    const result = await send<T>(path, options);
    call.succeeded();
    return result;
  } catch (error) {
    if (isApiError(error)) call.failed(error);
    else call.ended();
    throw error;
  }
}

async function send<T>(path: string, options: RequestOptions): Promise<T> {
  const {
    method = 'GET',
    query,
    json,
    signal,
    redirectOnUnauthenticated = true,
    responseType = 'json',
  } = options;
  const url = toSameOriginUrl(path + (query ? toQueryString(query) : ''));
  const headers: Record<string, string> = {
    Accept: 'application/json',
    [CSRF_HEADER]: CSRF_HEADER_VALUE,
  };
  if (json !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(url, {
      method,
      signal,
      credentials: 'same-origin',
      cache: 'no-store',
      headers,
      body: json === undefined ? undefined : JSON.stringify(json),
    });
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new ApiError({
      status: 0,
      code: 'network_error',
      source: 'network',
      message: "Pail's server could not be reached. Check your connection and try again.",
    });
  }

  if (response.ok && responseType === 'bytes') {
    return new Uint8Array(await response.arrayBuffer()) as T;
  }
  const body = await readBody(response);
  if (!response.ok) {
    const error = toApiError(response, body);
    if (response.status === 401 && redirectOnUnauthenticated) unauthenticatedHandler?.();
    throw error;
  }
  return body as T;
}

export const api = {
  get: <T>(path: string, options: Omit<RequestOptions, 'method' | 'json'> = {}) =>
    request<T>(path, { ...options, method: 'GET' }),
  post: <T>(path: string, options: Omit<RequestOptions, 'method' | 'query'> = {}) =>
    request<T>(path, { ...options, method: 'POST' }),
  delete: <T = void>(path: string, options: Omit<RequestOptions, 'method' | 'json'> = {}) =>
    request<T>(path, { ...options, method: 'DELETE' }),
};

/**
 * Turns a Bitbucket `next`/`previous` URL (absolute, on Bitbucket's API origin) into the BFF path that
 * proxies it: `https://api.bitbucket.org/2.0/x?page=2` → `/api/2.0/x?page=2`. Only the path and query
 * are kept, so a page link can never send the browser, or its cookies, anywhere else.
 */
export function toProxiedApiPath(bitbucketUrl: string): string {
  let url: URL;
  try {
    url = new URL(bitbucketUrl);
  } catch {
    throw new TypeError(`Not an absolute Bitbucket URL: ${bitbucketUrl}`);
  }
  if (!url.pathname.startsWith('/2.0/')) {
    throw new TypeError(`Not a Bitbucket API 2.0 URL: ${bitbucketUrl}`);
  }
  return `${API_PREFIX}${url.pathname}${url.search}`;
}

/** Fetches the page a paginated answer's `next` link points at, through the BFF. */
export function getNextPage<T>(next: string, options: { signal?: AbortSignal } = {}): Promise<T> {
  return api.get<T>(toProxiedApiPath(next), options);
}

function toSameOriginUrl(path: string): URL {
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) {
    throw new TypeError(`API paths must be local: ${path}`);
  }
  const url = new URL(path, window.location.origin);
  if (url.origin !== window.location.origin)
    throw new TypeError(`API paths must be local: ${path}`);
  return url;
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204 || response.status === 205) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  const type = response.headers.get('Content-Type') ?? '';
  if (!/[/+]json\b/i.test(type)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isBitbucketErrorBody(value: unknown): value is BitbucketErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as { type?: unknown; error?: { message?: unknown } };
  return body.type === 'error' && typeof body.error?.message === 'string';
}

function toApiError(response: Response, body: unknown): ApiError {
  const status = response.status;
  const retryAfterSeconds = parseRetryAfter(response.headers.get('Retry-After'));

  if (isBffErrorBody(body)) {
    return new ApiError({
      status,
      code: body.error.code,
      message: body.error.message,
      source: 'bff',
      retryAfterSeconds,
    });
  }

  if (isBitbucketErrorBody(body)) {
    const { message, detail } = body.error;
    const scopes = readScopeDetail(detail);
    return new ApiError({
      status,
      code: scopes ? 'missing_scope' : codeForStatus(status, 'bitbucket_error'),
      message,
      source: 'bitbucket',
      detail: typeof detail === 'string' ? detail : undefined,
      requiredScopes: scopes?.required,
      grantedScopes: scopes?.granted,
      retryAfterSeconds,
    });
  }

  return new ApiError({
    status,
    code: codeForStatus(status, 'http_error'),
    message: messageForStatus(status),
    source: 'http',
    retryAfterSeconds,
  });
}

function codeForStatus(status: number, fallback: ApiErrorCode): ApiErrorCode {
  switch (status) {
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 410:
      return 'gone';
    case 429:
      return 'rate_limited';
    default:
      return fallback;
  }
}

function messageForStatus(status: number): string {
  if (status === 401) return 'You are signed out.';
  if (status === 403) return 'You do not have access to this.';
  if (status === 404) return 'Not found.';
  if (status === 429) return 'Too many requests.';
  if (status >= 500) return `The server had a problem (HTTP ${status}).`;
  return `The request failed (HTTP ${status}).`;
}

/** Bitbucket's missing-scope 403 carries `detail: { required: [...], granted: [...] }` (not a string). */
function readScopeDetail(detail: unknown): { required: string[]; granted?: string[] } | undefined {
  if (typeof detail !== 'object' || detail === null) return undefined;
  const { required, granted } = detail as { required?: unknown; granted?: unknown };
  if (!isStringArray(required)) return undefined;
  return { required, granted: isStringArray(granted) ? granted : undefined };
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
