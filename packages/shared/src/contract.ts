// Names both sides of the BFF boundary rely on (see DESIGN.md, "The BFF contract").
import * as v from 'valibot';

/** Static anti-CSRF header every XHR to `/bff/*` and `/api/*` must carry. */
export const CSRF_HEADER = 'X-CSRF';
export const CSRF_HEADER_VALUE = '1';

/** The session cookie: `__Host-` prefixed, Secure, HttpOnly, SameSite=Strict, Path=/, no Domain. */
export const SESSION_COOKIE = '__Host-pail-session';
/** The short-lived login-transaction cookie (SameSite=Lax so it survives the redirect back). */
export const LOGIN_COOKIE = '__Host-pail-login';

export const BFF_ROUTES = {
  login: '/bff/login',
  callback: '/bff/callback',
  loginToken: '/bff/login/token',
  session: '/bff/session',
  logout: '/bff/logout',
  /** GET: this user's active sessions; DELETE: sign out everywhere (every session, this one included). */
  sessions: '/bff/sessions',
  /** DELETE `/bff/sessions/{id}` signs out one session, named by its public `id` (never the cookie value). */
  usage: '/bff/usage',
  /** POST only, from the browser itself: where the shell's Content-Security-Policy sends its violation reports. */
  cspReport: '/bff/csp-report',
} as const;

/** Every proxied Bitbucket call is `${API_PREFIX}/2.0/...`. */
export const API_PREFIX = '/api';

/**
 * A navigation (GET, HEAD) serving a file's bytes from Pail's origin, sandboxed, like bitbucket.org's raw URL:
 * `/{workspace}/{repo}/raw/{ref}/{path…}`, where `{ref}` is a commit hash or a branch or tag name (slashes
 * and all). `?download=1` saves it under its own name. Signed out, it redirects to `/login?returnTo=…`.
 */
export const RAW_ROUTE = { segment: 'raw', downloadParam: 'download' } as const;

export const AuthMethodSchema = v.picklist(['oauth', 'token']);
export type AuthMethod = v.InferOutput<typeof AuthMethodSchema>;

export const SessionUserSchema = v.object({
  uuid: v.string(),
  accountId: v.optional(v.string()),
  displayName: v.string(),
  nickname: v.optional(v.string()),
  avatarUrl: v.optional(v.string()),
});
export type SessionUser = v.InferOutput<typeof SessionUserSchema>;

/** `GET /bff/session` 200 body. Never carries a token. */
export const SessionInfoSchema = v.object({
  user: SessionUserSchema,
  authMethod: AuthMethodSchema,
  scopes: v.array(v.string()),
  /** ISO-8601: when the session ends at the latest (absolute timeout). */
  expiresAt: v.string(),
});
export type SessionInfo = v.InferOutput<typeof SessionInfoSchema>;

/** One entry of `GET /bff/sessions`. `id` is a public handle derived from the store key, never the cookie. */
export const SessionSummarySchema = v.object({
  id: v.string(),
  current: v.boolean(),
  authMethod: AuthMethodSchema,
  /** A short description of the browser and platform, from the User-Agent at sign-in ("Chrome on Linux"). */
  browser: v.string(),
  /** ISO-8601. */
  createdAt: v.string(),
  /** ISO-8601. */
  lastUsedAt: v.string(),
  /** ISO-8601: the earlier of the idle and the absolute limit. */
  expiresAt: v.string(),
});
export type SessionSummary = v.InferOutput<typeof SessionSummarySchema>;

/** `GET /bff/sessions` 200 body, newest first. */
export const SessionListSchema = v.object({ sessions: v.array(SessionSummarySchema) });
export type SessionList = v.InferOutput<typeof SessionListSchema>;

/** `GET /bff/usage` 200 body: this user's Bitbucket calls through Pail over the rolling hour. */
export const UsageInfoSchema = v.object({
  used: v.number(),
  /** Bitbucket's hourly limit for authenticated `/2.0/repositories/*` calls (about 1,000). */
  limit: v.number(),
  windowSeconds: v.number(),
  /** True once `used` passes 80% of `limit`. */
  nearLimit: v.boolean(),
  /** ISO-8601: when the oldest call counted leaves the window, or `null` when none is counted. */
  resetsAt: v.nullable(v.string()),
});
export type UsageInfo = v.InferOutput<typeof UsageInfoSchema>;

/** `POST /bff/login/token` body. */
export const TokenLoginSchema = v.object({
  username: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(320)),
  token: v.pipe(v.string(), v.minLength(1), v.maxLength(4096)),
});
export type TokenLogin = v.InferOutput<typeof TokenLoginSchema>;

/**
 * Why a sign-in did not complete. The BFF's callback redirects to `/login?error=<code>`
 * and the SPA explains each code in plain words.
 */
export const LoginErrorCodeSchema = v.picklist([
  'access_denied',
  'state_mismatch',
  'login_expired',
  'callback_failed',
  'provider_error',
  /** Pail itself could not keep the sign-in (its session store is down); trying again shortly works. */
  'unavailable',
]);
export type LoginErrorCode = v.InferOutput<typeof LoginErrorCodeSchema>;
