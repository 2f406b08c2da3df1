// The doctor's checks of a deployment's configuration: pure functions over the config and an injected fetch.
import { createKeyRing } from '../crypto/seal';
import { parseConfig, type Config } from '../env';
import type { FetchLike } from '../oauth/oauth-client';
import type { SessionStore } from '../session/session-store';
import { parseJsonObject, probe, readSome } from './network';
import { maskSecret, redact, type CheckResult } from './report';

export interface CheckDeps {
  fetch: FetchLike;
  /** Limit for each outbound request. */
  timeoutMs: number;
  /** Opens a client of the session store the BFF would use with this config (closed again after the check). */
  openStore: (config: Config) => DoctorStore | Promise<DoctorStore>;
  /** Waits; injected so tests can move a store's clock instead of waiting out a TTL. */
  sleep?: (ms: number) => Promise<void>;
}

export type DoctorStore = SessionStore & { close?(): Promise<void> };

/** What Pail reads, by Bitbucket's classic scope names (README "Permissions"). */
export const REQUIRED_SCOPES = ['account', 'repository', 'pullrequest'] as const;

const PERMISSION_NAMES: Record<(typeof REQUIRED_SCOPES)[number], string> = {
  account: 'Account: Read',
  repository: 'Repositories: Read',
  pullrequest: 'Pull requests: Read',
};

/** Who answers: the words and the variable an operator would change. */
function upstream(config: Config) {
  return config.bitbucket.mode === 'emulator'
    ? { name: 'the emulator', tokenVariable: 'PAIL_EMULATOR_URL', apiVariable: 'PAIL_EMULATOR_URL' }
    : { name: 'Bitbucket', tokenVariable: 'BITBUCKET_TOKEN_URL', apiVariable: 'BITBUCKET_API_URL' };
}

/** What to do when a URL does not answer at all. */
function unreachableFix(config: Config, variable: string, code: string): string {
  if (config.bitbucket.mode === 'emulator') {
    return `start the stack with \`pnpm dev\` (it runs the emulator at ${config.bitbucket.apiOrigin}), or run \`pnpm run doctor --emulator\` to check against an in-process emulator`;
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return `check the spelling of ${variable}, and that this machine's DNS resolves its host`;
  }
  if (code.startsWith('CERT_') || /TLS|SSL|SELF_SIGNED|UNABLE_TO|DEPTH_ZERO/.test(code)) {
    return 'if a proxy inspects TLS here, give Node its CA certificate with NODE_EXTRA_CA_CERTS';
  }
  return `check ${variable}, and that this machine may reach that host (firewall, egress proxy)`;
}

/** The secrets the report must never show, masked wherever a server echoes them. */
function secretsOf(config: Config): string[] {
  return [config.bitbucket.clientSecret];
}

/** Every variable parses; each problem the BFF would refuse to start with is listed. */
export function checkConfiguration(env: Record<string, string | undefined>): {
  result: CheckResult;
  config: Config | undefined;
} {
  const parsed = parseConfig(env);
  if (!parsed.ok) {
    return {
      config: undefined,
      result: {
        status: 'fail',
        summary: `configuration: ${parsed.problems.length} problem${parsed.problems.length === 1 ? '' : 's'}; the BFF would not start`,
        details: parsed.problems.map((problem) =>
          redact(problem, [env.BITBUCKET_CLIENT_SECRET ?? ''].filter(Boolean)),
        ),
        fix: 'fix these variables (in the environment or the .env file), then run `pnpm run doctor` again',
      },
    };
  }
  const { config } = parsed;
  const target =
    config.bitbucket.mode === 'emulator'
      ? `the emulator at ${config.bitbucket.apiOrigin} (no consumer configured)`
      : `Bitbucket at ${config.bitbucket.apiOrigin} with client id ${config.bitbucket.clientId}`;
  return {
    config,
    result: {
      status: 'pass',
      summary: `configuration: every variable is valid; Pail uses ${target}`,
    },
  };
}

/** The token endpoint answers HTTP, and like an OAuth 2.0 token endpoint (a JSON `error` without credentials). */
export async function checkTokenEndpoint(
  config: Config,
  deps: CheckDeps,
): Promise<{ result: CheckResult; reachable: boolean; silentOrigin?: string }> {
  const url = config.bitbucket.tokenUrl;
  const { name, tokenVariable } = upstream(config);
  const answer = await probe(
    deps.fetch,
    url,
    {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    },
    deps.timeoutMs,
  );
  if (!answer.ok) {
    return {
      reachable: false,
      silentOrigin: new URL(url).origin,
      result: {
        status: 'fail',
        summary: `token endpoint ${url}: unreachable — ${answer.reason}`,
        fix: unreachableFix(config, tokenVariable, answer.code),
      },
    };
  }
  const { response, elapsedMs } = answer;
  const body = parseJsonObject(await readSome(response));
  if (response.status >= 300 && response.status < 400) {
    return {
      reachable: false,
      result: {
        status: 'fail',
        summary: `token endpoint ${url}: redirects (HTTP ${response.status}) to ${response.headers.get('Location') ?? 'nowhere'}`,
        fix: `set ${tokenVariable} to the token endpoint itself; client credentials are never sent after a redirect`,
      },
    };
  }
  if (response.status >= 500) {
    return {
      reachable: false,
      result: {
        status: 'fail',
        summary: `token endpoint ${url}: ${name} answered HTTP ${response.status}, a server error`,
        fix: `${name} is failing right now: try again later (Bitbucket's status: https://bitbucket.status.atlassian.com)`,
      },
    };
  }
  if (typeof body?.error !== 'string') {
    return {
      reachable: false,
      result: {
        status: 'fail',
        summary:
          `token endpoint ${url}: answers HTTP ${response.status} ${response.headers.get('Content-Type') ?? ''}, not like an OAuth 2.0 token endpoint`.trimEnd(),
        fix: `check ${tokenVariable}; Bitbucket's is https://bitbucket.org/site/oauth2/access_token`,
      },
    };
  }
  return {
    reachable: true,
    result: {
      status: 'pass',
      summary: `token endpoint ${url}: reachable (HTTP ${response.status} without credentials, in ${elapsedMs} ms)`,
    },
  };
}

/** Classic scopes a consumer holds cover a read scope through its `:write`/`:admin` forms too (FACTS §3). */
function covers(granted: ReadonlySet<string>, scope: string): boolean {
  return (
    granted.has(scope) ||
    granted.has(`${scope}:write`) ||
    granted.has(`${scope}:admin`) ||
    (scope === 'repository' && granted.has('pullrequest:write'))
  );
}

/** The consumer's permissions, from the scopes the token response lists. */
function checkPermissions(scopeText: string): CheckResult {
  const granted = new Set(scopeText.split(/[\s,]+/).filter(Boolean));
  const missing = REQUIRED_SCOPES.filter((scope) => !covers(granted, scope));
  if (missing.length > 0) {
    return {
      status: 'fail',
      summary: `consumer permissions: lacks ${missing.join(', ')} (has ${[...granted].join(' ') || 'none'})`,
      fix: `tick ${missing.map((scope) => PERMISSION_NAMES[scope]).join(', ')} on the OAuth consumer; without them sign-in or pages fail with 403`,
    };
  }
  const writes = [...granted].filter((scope) => /:(write|admin|delete)$/.test(scope));
  if (writes.length > 0) {
    return {
      status: 'warn',
      summary: `consumer permissions: can also write (${writes.join(', ')}); Pail only reads`,
      fix: 'untick every Write, Admin and Delete permission on the OAuth consumer',
    };
  }
  return {
    status: 'pass',
    summary: `consumer permissions: ${[...granted].sort().join(' ')} (Pail needs ${REQUIRED_SCOPES.join(', ')})`,
  };
}

/** Recognises the answer Bitbucket gives a consumer not marked private (FACTS §1; the emulator's token.ts). */
function isPublicConsumerRefusal(error: string, description: string): boolean {
  return (
    (error === 'invalid_grant' || error === 'unauthorized_client') &&
    /client_credentials/i.test(description) &&
    /public/i.test(description)
  );
}

/**
 * RFC 6749 §4.4: a `client_credentials` grant with HTTP Basic client authentication (§2.3.1, form-encoded
 * id and secret) and a form body. Proves the id and secret of a private consumer; for a public one,
 * explains why it cannot.
 */
export async function checkClientCredentials(
  config: Config,
  deps: CheckDeps,
): Promise<{ results: CheckResult[]; accessToken: string | undefined }> {
  const { clientId, clientSecret, tokenUrl } = config.bitbucket;
  const { name, tokenVariable } = upstream(config);
  const secretShown = maskSecret(clientSecret);
  const basic = btoa(
    `${encodeURIComponent(clientId).replace(/%20/g, '+')}:${encodeURIComponent(clientSecret).replace(/%20/g, '+')}`,
  );
  const answer = await probe(
    deps.fetch,
    tokenUrl,
    {
      method: 'POST',
      headers: {
        Accept: 'application/json',
        Authorization: `Basic ${basic}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    },
    deps.timeoutMs,
  );
  const fail = (summary: string, fix: string) => ({
    accessToken: undefined,
    results: [{ status: 'fail' as const, summary, fix }],
  });
  if (!answer.ok) {
    return fail(
      `client credentials: the token endpoint did not answer — ${answer.reason}`,
      unreachableFix(config, tokenVariable, answer.code),
    );
  }
  const { response } = answer;
  const body = parseJsonObject(await readSome(response));
  const error = typeof body?.error === 'string' ? body.error : undefined;
  const description = redact(
    typeof body?.error_description === 'string' ? body.error_description.slice(0, 300) : '',
    secretsOf(config),
  );
  const said = `${error}${description ? `: "${description}"` : ''}`;

  if (response.status === 200 && typeof body?.access_token === 'string') {
    const scopeText =
      typeof body.scope === 'string'
        ? body.scope
        : typeof body.scopes === 'string'
          ? body.scopes
          : undefined;
    return {
      accessToken: body.access_token,
      results: [
        {
          status: 'pass',
          summary: `client credentials: ${name} accepted client id ${clientId} and secret ${secretShown} (client_credentials grant)`,
        },
        ...(scopeText === undefined ? [] : [checkPermissions(scopeText)]),
      ],
    };
  }
  if (error !== undefined && isPublicConsumerRefusal(error, description)) {
    return {
      accessToken: undefined,
      results: [
        {
          status: 'warn',
          summary: `client credentials: the consumer is not private: sign-in works, but this check cannot prove the secret (${name} said ${said})`,
          fix: `to let \`pnpm run doctor\` prove the secret ${secretShown}, tick "This is a private consumer" on the OAuth consumer; Pail itself does not need it`,
        },
      ],
    };
  }
  if (error === 'unauthorized_client' || error === 'invalid_client') {
    return fail(
      `client credentials: ${name} refused client id ${clientId} with secret ${secretShown}: wrong id or secret (${said})`,
      `copy the consumer's Key into BITBUCKET_CLIENT_ID and its Secret into BITBUCKET_CLIENT_SECRET (Workspace settings → OAuth consumers); a regenerated secret replaces the old one`,
    );
  }
  if (response.status >= 500) {
    return fail(
      `client credentials: ${name} answered HTTP ${response.status}, a server error`,
      `${name} is failing right now: try again later`,
    );
  }
  if (error !== undefined) {
    return fail(
      `client credentials: ${name} refused the client_credentials grant (HTTP ${response.status}, ${said})`,
      `check the OAuth consumer and ${tokenVariable}`,
    );
  }
  return fail(
    `client credentials: HTTP ${response.status} without an access token or an OAuth error`,
    `check ${tokenVariable}: it does not behave like an OAuth 2.0 token endpoint`,
  );
}

/** Bitbucket's error text (`{"type":"error","error":{"message"}}`), if the body carries one. */
function bitbucketMessage(body: Record<string, unknown> | undefined): string | undefined {
  const error = body?.error;
  if (typeof error !== 'object' || error === null) return undefined;
  const message = (error as Record<string, unknown>).message;
  return typeof message === 'string' ? message.slice(0, 300) : undefined;
}

/** `GET /2.0/user` with the client-credentials token (the app user), or without one to prove reachability. */
export async function checkApi(
  config: Config,
  deps: CheckDeps,
  accessToken: string | undefined,
): Promise<CheckResult> {
  const url = `${config.bitbucket.apiOrigin}/2.0/user`;
  const { name, apiVariable } = upstream(config);
  const answer = await probe(
    deps.fetch,
    url,
    {
      headers: {
        Accept: 'application/json',
        ...(accessToken === undefined ? {} : { Authorization: `Bearer ${accessToken}` }),
      },
    },
    deps.timeoutMs,
  );
  if (!answer.ok) {
    return {
      status: 'fail',
      summary: `API ${url}: unreachable — ${answer.reason}`,
      fix: unreachableFix(config, apiVariable, answer.code),
    };
  }
  const { response } = answer;
  const body = parseJsonObject(await readSome(response));
  const message = bitbucketMessage(body);
  const quoted = message === undefined ? '' : ` ("${message}")`;

  if (accessToken === undefined) {
    if (response.status === 401) {
      return {
        status: 'pass',
        summary: `API ${url}: reachable (HTTP 401 without a token, as expected); what a token may read shows at the first sign-in`,
      };
    }
    return {
      status: 'fail',
      summary: `API ${url}: answered HTTP ${response.status} to a request without a token, not 401${quoted}`,
      fix: `check ${apiVariable}; Bitbucket's is https://api.bitbucket.org`,
    };
  }
  if (response.status === 200 && typeof body?.display_name === 'string') {
    const kind =
      body.type === 'app_user' ? "the consumer's app user" : `a ${String(body.type ?? 'user')}`;
    return {
      status: 'pass',
      summary: `API ${url}: the token works; it acts as ${kind} "${body.display_name}"`,
    };
  }
  if (response.status === 403) {
    const lacksScope = /scope/i.test(message ?? '');
    return {
      status: 'fail',
      summary: `API ${url}: HTTP 403 — ${lacksScope ? 'the consumer lacks the account scope' : 'this kind of token has no user'}${quoted}`,
      fix: lacksScope
        ? 'tick Account: Read on the OAuth consumer: sign-in reads /2.0/user'
        : `repository, project and workspace access tokens cannot sign anyone in: configure an OAuth consumer's key and secret`,
    };
  }
  if (response.status === 401) {
    return {
      status: 'fail',
      summary: `API ${url}: HTTP 401 for the token ${name}'s token endpoint just issued${quoted}`,
      fix: `${apiVariable} and ${upstream(config).tokenVariable} must belong to the same ${name}`,
    };
  }
  return {
    status: 'fail',
    summary: `API ${url}: HTTP ${response.status}${quoted}`,
    fix:
      response.status >= 500
        ? `${name} is failing right now: try again later`
        : `check ${apiVariable}`,
  };
}

/**
 * The redirect URI is `${PAIL_PUBLIC_URL}/bff/callback`, and the consumer accepts it: Bitbucket requires
 * the consumer's registered callback URL to be a prefix of every `redirect_uri`. Probed at the authorize
 * endpoint, which checks the client and the redirect URI before anything else (RFC 6749 §4.1.2.1).
 */
export async function checkRedirectUri(config: Config, deps: CheckDeps): Promise<CheckResult> {
  const { redirectUri } = config;
  const { name } = upstream(config);
  const expected = `${config.publicUrl}/bff/callback`;
  if (redirectUri !== expected) {
    return {
      status: 'fail',
      summary: `redirect URI ${redirectUri} is not PAIL_PUBLIC_URL + /bff/callback (${expected})`,
      fix: 'set PAIL_PUBLIC_URL to the origin users load Pail from',
    };
  }
  const registerFix = `set the OAuth consumer's Callback URL to ${redirectUri} (or a prefix of it): Bitbucket requires the registered callback to prefix the redirect_uri`;
  const url = new URL(config.bitbucket.authorizeUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', config.bitbucket.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  // Only shape matters here: this request is never completed, so the state and challenge are throwaway.
  url.searchParams.set('state', 'pail-doctor');
  url.searchParams.set('code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  url.searchParams.set('code_challenge_method', 'S256');
  const answer = await probe(
    deps.fetch,
    url.href,
    { headers: { Accept: 'application/json' } },
    deps.timeoutMs,
  );
  if (!answer.ok) {
    return {
      status: 'fail',
      summary: `redirect URI ${redirectUri}: the authorize endpoint is unreachable — ${answer.reason}`,
      fix: unreachableFix(config, 'BITBUCKET_AUTHORIZE_URL', answer.code),
    };
  }
  const { response } = answer;
  const text = await readSome(response);
  if (response.status === 200) {
    return {
      status: 'pass',
      summary: `redirect URI ${redirectUri}: ${name} accepts it (the consumer's callback URL is a prefix of it)`,
    };
  }
  if (response.status >= 300 && response.status < 400) {
    const location = new URL(response.headers.get('Location') ?? '', url);
    if (location.href.startsWith(redirectUri)) {
      return {
        status: 'pass',
        summary: `redirect URI ${redirectUri}: ${name} redirects back to it, so the consumer's callback URL prefixes it`,
      };
    }
    return {
      status: 'warn',
      summary: `redirect URI ${redirectUri}: cannot be confirmed without signing in (${name} sent the request to ${location.origin}${location.pathname})`,
      fix: `make sure the OAuth consumer's Callback URL is ${redirectUri} or a prefix of it: Bitbucket requires the registered callback to prefix the redirect_uri`,
    };
  }
  const body = parseJsonObject(text);
  const description = redact(
    typeof body?.error_description === 'string'
      ? body.error_description.slice(0, 300)
      : text.slice(0, 2000),
    secretsOf(config),
  );
  if (/no callback uri/i.test(description)) {
    return {
      status: 'fail',
      summary: `redirect URI ${redirectUri}: the OAuth consumer has no callback URL, so ${name} refuses every sign-in`,
      fix: registerFix,
    };
  }
  if (/redirect_uri|callback/i.test(description)) {
    return {
      status: 'fail',
      summary: `redirect URI ${redirectUri}: ${name} refuses it; the consumer's callback URL is not a prefix of it`,
      fix: registerFix,
    };
  }
  if (/client_id/i.test(description)) {
    return {
      status: 'fail',
      summary: `redirect URI ${redirectUri}: the authorize endpoint does not know client id ${config.bitbucket.clientId}`,
      fix: "copy the consumer's Key into BITBUCKET_CLIENT_ID",
    };
  }
  return {
    status: 'fail',
    summary: `redirect URI ${redirectUri}: the authorize endpoint answered HTTP ${response.status}${typeof body?.error === 'string' ? ` (${body.error})` : ''}`,
    fix: 'check BITBUCKET_AUTHORIZE_URL and the OAuth consumer',
  };
}

/** Browsers treat these as secure contexts even over http, so Secure cookies work there. */
function isLocalHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '127.0.0.1' ||
    hostname === '[::1]'
  );
}

/** https where it matters: a non-local http origin loses the `Secure` session cookie, and tokens travel in clear. */
export function checkTransport(config: Config): CheckResult {
  const publicUrl = new URL(config.publicUrl);
  if (config.production) {
    return {
      status: 'pass',
      summary:
        'https: production (NODE_ENV=production), and PAIL_PUBLIC_URL and every Bitbucket URL use https',
    };
  }
  if (publicUrl.protocol === 'http:' && !isLocalHost(publicUrl.hostname)) {
    return {
      status: 'fail',
      summary: `https: PAIL_PUBLIC_URL ${config.publicUrl} is http on a non-local host: browsers drop the Secure session cookie there, so sign-in never sticks`,
      fix: 'serve Pail over https, set PAIL_PUBLIC_URL to its https origin, and set NODE_ENV=production',
    };
  }
  if (config.bitbucket.mode === 'emulator') {
    return {
      status: 'pass',
      summary: `https: not required in development against the emulator (${config.publicUrl} is local)`,
    };
  }
  const { tokenUrl, authorizeUrl, apiOrigin, revocationUrl } = config.bitbucket;
  const plain = [tokenUrl, authorizeUrl, apiOrigin, revocationUrl]
    .filter((value): value is string => value !== undefined)
    .map((value) => new URL(value))
    .filter((url) => url.protocol === 'http:' && !isLocalHost(url.hostname));
  if (plain.length > 0) {
    return {
      status: 'warn',
      summary: `https: ${plain.map((url) => url.origin).join(', ')} is plain http: the client secret and tokens cross the network unencrypted`,
      fix: 'use https URLs, and set NODE_ENV=production wherever users reach Pail (it then refuses http)',
    };
  }
  return {
    status: 'warn',
    summary:
      'https: NODE_ENV is not production, so http URLs and generated session keys would be accepted',
    fix: 'set NODE_ENV=production wherever users reach Pail',
  };
}

/** Session keys are configured and work for AES-GCM (a seal and unseal round trip); only their count is shown. */
export async function checkSessionKeys(config: Config): Promise<CheckResult> {
  const { keys, keysGenerated } = config.session;
  if (keysGenerated) {
    return {
      status: 'warn',
      summary:
        'session keys: PAIL_SESSION_KEYS is not set; each start makes a random key, so a restart signs everyone out',
      fix: "set PAIL_SESSION_KEYS to a key made with `node -e \"console.log(require('crypto').randomBytes(32).toString('base64url'))\"`",
    };
  }
  try {
    const ring = await createKeyRing(keys);
    const sealed = await ring.seal('pail-doctor', 'pail-doctor');
    if ((await ring.unseal(sealed, 'pail-doctor')) !== 'pail-doctor') throw new Error('round trip');
  } catch {
    return {
      status: 'fail',
      summary: `session keys: ${keys.length} configured, but they do not seal and open a record`,
      fix: 'replace PAIL_SESSION_KEYS with freshly generated 32-byte keys',
    };
  }
  const count = keys.length === 1 ? '1 key of 32 bytes' : `${keys.length} keys of 32 bytes each`;
  return {
    status: 'pass',
    summary: `session keys: ${count}; a record seals and opens${keys.length > 1 ? ' (the first key seals, all open)' : ''}`,
  };
}

/** A step of the store check that went wrong: what it found, in words for the report. */
class StoreProblem extends Error {}

/** Settles with `promise`, or rejects with a StoreProblem once `ms` have passed. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new StoreProblem(`no answer to ${what} within ${ms / 1000} s`)),
          ms,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Lets other work (a second client polling a lock) run for a moment, without a timed wait. */
const yieldTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * What `/readyz` checks and more: the store answers `ping`, keeps a record and gives it back, forgets one
 * after its TTL, and its lock keeps a second client (a second BFF instance) out while held.
 */
export async function checkSessionStore(config: Config, deps: CheckDeps): Promise<CheckResult> {
  const { kind, display } = config.session.store;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const step = <T>(promise: Promise<T>, what: string) => within(promise, deps.timeoutMs, what);
  const opened: DoctorStore[] = [];
  const probeKey = `doctor:${crypto.randomUUID()}`;
  let doing = 'open';
  try {
    const store = await step(Promise.resolve(deps.openStore(config)), 'open');
    opened.push(store);
    doing = 'ping';
    await step(store.ping(), 'ping');

    doing = 'write';
    const value = crypto.randomUUID();
    await step(store.set(probeKey, value, 60), 'a write');
    if ((await step(store.get(probeKey), 'a read')) !== value) {
      throw new StoreProblem('a record written is not read back');
    }
    await step(store.delete(probeKey), 'a delete');
    if ((await step(store.get(probeKey), 'a read')) !== undefined) {
      throw new StoreProblem('a deleted record is still there');
    }

    doing = 'expire';
    await step(store.set(probeKey, value, 1), 'a write');
    await sleep(1_100);
    if ((await step(store.get(probeKey), 'a read')) !== undefined) {
      await store.delete(probeKey);
      throw new StoreProblem('a record outlives its TTL, so abandoned sign-ins would pile up');
    }

    doing = 'lock';
    // Another BFF instance is another client; in memory there is only this process.
    const other =
      kind === 'memory' ? store : await step(Promise.resolve(deps.openStore(config)), 'open');
    if (other !== store) opened.push(other);
    let otherRan = false;
    let overlapped = false;
    let otherTurn: Promise<void> | undefined;
    await step(
      store.withLock(probeKey, 5_000, async () => {
        otherTurn = other.withLock(probeKey, 5_000, async () => {
          otherRan = true;
        });
        for (let i = 0; i < 3; i += 1) {
          await other.ping();
          await yieldTurn();
        }
        overlapped = otherRan;
      }),
      'taking a lock',
    );
    await step(otherTurn ?? Promise.resolve(), 'taking a lock someone just freed');
    if (overlapped || !otherRan) {
      throw new StoreProblem('its lock let a second client in while held, so refreshes could race');
    }
  } catch (error) {
    const words =
      error instanceof StoreProblem
        ? error.message
        : doing === 'open'
          ? `cannot be opened (${error instanceof Error ? error.message : 'unknown error'})`
          : doing === 'ping'
            ? 'does not answer ping'
            : `failed to ${doing === 'expire' ? 'expire a record' : doing === 'lock' ? 'take a lock' : 'write a record'}`;
    return {
      status: 'fail',
      summary: `session store (${display}): ${words}`,
      fix: storeFix(config),
    };
  } finally {
    for (const store of opened) await store.close?.().catch(() => undefined);
  }
  return {
    status: 'pass',
    summary:
      kind === 'memory'
        ? 'session store (memory): answers ping, keeps and expires records; sessions live in the BFF process and end when it restarts'
        : `session store (${display}): reachable, keeps and expires records, and its lock holds across connections`,
  };
}

function storeFix(config: Config): string {
  switch (config.session.store.kind) {
    case 'redis':
      return 'check PAIL_SESSION_STORE, that Redis (6.2 or newer) is running and reachable from here, and its password';
    case 'sqlite':
      return 'check PAIL_SESSION_STORE: the directory must exist and be writable, and no other program may hold the file locked';
    case 'memory':
      return 'the in-process store failed: report this as a bug';
  }
}
