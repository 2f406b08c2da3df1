// MSW handlers that answer like the BFF's sign-in and account routes: token sign-in, sessions, usage.
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@pail/shared';
import type {
  BffErrorBody,
  BffErrorCode,
  SessionInfo,
  SessionList,
  SessionSummary,
  UsageInfo,
} from '@pail/shared';
import { http, HttpResponse } from 'msw';
import type { HttpResponseResolver } from 'msw';
import { sessionFixture } from './fixtures';

const MINUTE = 60_000;
const NOW = Date.now();
const minutesAgo = (minutes: number) => new Date(NOW - minutes * MINUTE).toISOString();

/** The email and API token the mock BFF accepts. */
export const VALID_TOKEN_LOGIN = {
  username: 'jane.doe@example.com',
  token: 'ATATT3xFfGF0mock-api-token-accepted',
};

/** What `POST /bff/login/token` answers for {@link VALID_TOKEN_LOGIN}: a token session with granular scopes. */
export const tokenSessionFixture: SessionInfo = {
  ...sessionFixture,
  authMethod: 'token',
  scopes: ['read:user:bitbucket', 'read:workspace:bitbucket', 'read:repository:bitbucket'],
};

/** This browser's session and one in another browser, newest first. */
export const sessionSummaries: SessionSummary[] = [
  {
    id: 's_7Qm2c9XoTzA1',
    current: true,
    authMethod: 'oauth',
    browser: 'Firefox on macOS',
    createdAt: minutesAgo(30),
    lastUsedAt: minutesAgo(1),
    expiresAt: new Date(NOW + 8 * 60 * MINUTE).toISOString(),
  },
  {
    id: 's_Kp4vN8eLr0Bw',
    current: false,
    authMethod: 'oauth',
    browser: 'Chrome on Windows',
    createdAt: minutesAgo(3 * 24 * 60),
    lastUsedAt: minutesAgo(120),
    expiresAt: new Date(NOW + 6 * 60 * MINUTE).toISOString(),
  },
];

export const usageFixture: UsageInfo = {
  used: 312,
  limit: 1000,
  windowSeconds: 3600,
  nearLimit: false,
  resetsAt: new Date(NOW + 20 * MINUTE).toISOString(),
};

function bffAnswer(status: number, code: BffErrorCode, message: string, headers?: HeadersInit) {
  return HttpResponse.json<BffErrorBody>({ error: { code, message } }, { status, headers });
}

function withCsrf(resolver: HttpResponseResolver): HttpResponseResolver {
  return (info) => {
    if (info.request.headers.get(CSRF_HEADER) !== CSRF_HEADER_VALUE) {
      return bffAnswer(403, 'csrf_required', 'This request needs the X-CSRF header.');
    }
    return resolver(info);
  };
}

export const authHandlers = [
  http.post(
    '/bff/login/token',
    withCsrf(async ({ request }) => {
      if (!(request.headers.get('Content-Type') ?? '').startsWith('application/json')) {
        return bffAnswer(400, 'bad_request', 'Send the email and token as JSON.');
      }
      const body = (await request.json().catch(() => null)) as {
        username?: unknown;
        token?: unknown;
      } | null;
      if (typeof body?.username !== 'string' || typeof body.token !== 'string') {
        return bffAnswer(400, 'bad_request', 'Both username and token are required.');
      }
      if (body.username === VALID_TOKEN_LOGIN.username && body.token === VALID_TOKEN_LOGIN.token) {
        return HttpResponse.json(tokenSessionFixture);
      }
      if (!body.username.includes('@')) {
        return bffAnswer(
          401,
          'app_password_removed',
          'Bitbucket no longer accepts app passwords. Use an API token.',
        );
      }
      return bffAnswer(401, 'invalid_credentials', 'The email or API token was not accepted.');
    }),
  ),

  http.get(
    '/bff/sessions',
    withCsrf(() => HttpResponse.json<SessionList>({ sessions: sessionSummaries })),
  ),

  http.delete(
    '/bff/sessions',
    withCsrf(() => new HttpResponse(null, { status: 204 })),
  ),

  http.delete(
    '/bff/sessions/:id',
    withCsrf(({ params }) =>
      sessionSummaries.some((session) => session.id === params.id)
        ? new HttpResponse(null, { status: 204 })
        : bffAnswer(404, 'not_found', 'No such session.'),
    ),
  ),

  http.get(
    '/bff/usage',
    withCsrf(() => HttpResponse.json(usageFixture)),
  ),
];
