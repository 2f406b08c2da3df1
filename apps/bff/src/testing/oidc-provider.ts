// A strict, independent OAuth 2.0 server (oidc-provider 9) on an ephemeral 127.0.0.1 port, for interoperability tests.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Adapter, AdapterPayload, Provider as ProviderInstance } from 'oidc-provider';

export interface OidcProviderOptions {
  /** The one redirect URI registered for the client (exact match, as RFC 6749 §3.1.2 wants). */
  redirectUri: string;
  /** The account every interaction signs in and consents for. */
  accountId: string;
  /** Access token lifetime in seconds. */
  accessTokenTtlSeconds?: number;
  /**
   * A path in the issuer identifier (`/realms/pail`, or `/` as some hosted servers write it). The
   * endpoints then live under it, as at servers that host several issuers on one origin.
   */
  issuerPath?: string;
}

/**
 * The scope granted when a request names none, as RFC 6749 §3.3 lets a server decide. Like a Bitbucket
 * consumer, whose permissions are fixed when it is registered, the client never asks for scopes.
 */
export const DEFAULT_SCOPE = 'account repository pullrequest';

export interface RunningOidcProvider {
  /** `http://127.0.0.1:<port>` plus the issuer path: the issuer identifier, a prefix of every endpoint. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  endpoints: { authorize: string; token: string; revocation: string; introspection: string };
  provider: ProviderInstance;
  /** RFC 7662 introspection with the client's own credentials: `{ active: false }` for a dead token. */
  introspect(token: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** oidc-provider warns once, at import, that Node 20 is not its preferred runtime; that notice alone is dropped. */
async function importProvider(): Promise<typeof ProviderInstance> {
  const warn = console.warn;
  const other: unknown[][] = [];
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).includes('Unsupported runtime')) other.push(args);
  };
  try {
    return (await import('oidc-provider')).Provider;
  } finally {
    console.warn = warn;
    for (const args of other) console.warn(...args);
  }
}

interface Stored {
  payload: AdapterPayload;
  expiresAt: number;
}

/** oidc-provider's storage contract, in memory: records by model and id, plus the grant and uid indexes. */
function createMemoryAdapter(): (model: string) => Adapter {
  const records = new Map<string, Stored>();
  const byGrant = new Map<string, Set<string>>();
  const byUid = new Map<string, string>();
  const live = (key: string): AdapterPayload | undefined => {
    const stored = records.get(key);
    if (stored === undefined) return undefined;
    if (stored.expiresAt <= Date.now()) {
      records.delete(key);
      return undefined;
    }
    return stored.payload;
  };
  return (model) => {
    const keyOf = (id: string) => `${model}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        const key = keyOf(id);
        const expiresAt = expiresIn === undefined ? Infinity : Date.now() + expiresIn * 1000;
        records.set(key, { payload, expiresAt });
        if (payload.grantId !== undefined) {
          const members = byGrant.get(payload.grantId) ?? new Set<string>();
          members.add(key);
          byGrant.set(payload.grantId, members);
        }
        if (model === 'Session' && payload.uid !== undefined) byUid.set(payload.uid, id);
      },
      async find(id) {
        return live(keyOf(id));
      },
      async findByUid(uid) {
        const id = byUid.get(uid);
        return id === undefined ? undefined : live(keyOf(id));
      },
      async findByUserCode() {
        return undefined;
      },
      async consume(id) {
        const payload = live(keyOf(id));
        if (payload !== undefined) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        records.delete(keyOf(id));
      },
      async revokeByGrantId(grantId) {
        for (const key of byGrant.get(grantId) ?? []) records.delete(key);
        byGrant.delete(grantId);
      },
    };
  };
}

/**
 * Starts oidc-provider with one confidential client: `client_secret_basic`, PKCE S256 required,
 * `authorization_code` + `refresh_token`, refresh tokens rotated on every use, RFC 7009 revocation and
 * RFC 7662 introspection on. Its interaction signs `accountId` in and consents without a page.
 */
export async function startOidcProvider(
  options: OidcProviderOptions,
): Promise<RunningOidcProvider> {
  const Provider = await importProvider();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const issuerPath = options.issuerPath ?? '';
  const issuer = `${origin}${issuerPath}`;
  /** The endpoints' base: the issuer without a trailing slash. */
  const base = issuer.replace(/\/$/, '');
  const clientId = 'pail-interop';
  const clientSecret = randomBytes(32).toString('base64url');
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    format: 'jwk',
  });
  const ttl = options.accessTokenTtlSeconds ?? 3600;
  const allow = async () => true;

  const provider = new Provider(issuer, {
    adapter: createMemoryAdapter(),
    jwks: { keys: [{ ...signingKey, use: 'sig', alg: 'RS256', kid: 'interop' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    findAccount: async (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: async () => ({ sub }),
    }),
    interactions: {
      url: async (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true, allowedPolicy: allow },
      introspection: { enabled: true, allowedPolicy: allow },
    },
    pkce: { required: () => true },
    issueRefreshToken: async () => true,
    rotateRefreshToken: true,
    scopes: ['openid', 'offline_access', ...DEFAULT_SCOPE.split(' ')],
    clientBasedCORS: () => false,
    ttl: {
      AccessToken: ttl,
      AuthorizationCode: 60,
      RefreshToken: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
      Session: 3600,
      Interaction: 600,
      IdToken: 3600,
    },
  });

  // RFC 6749 §3.3's pre-defined default: without it oidc-provider grants nothing and answers access_denied.
  provider.use(async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === '/auth' && ctx.query.scope === undefined) {
      ctx.query = { ...ctx.query, scope: DEFAULT_SCOPE };
    }
    return next();
  });

  // The interaction: sign the test account in and grant what was asked, with no page in between.
  provider.use(async (ctx, next) => {
    if (ctx.method !== 'GET' || !/^\/interaction\/[\w-]+$/.test(ctx.path)) return next();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const grant = new provider.Grant({
      accountId: options.accountId,
      clientId: String(details.params.client_id),
    });
    if (typeof details.params.scope === 'string') grant.addOIDCScope(details.params.scope);
    const grantId = await grant.save();
    const returnTo = await provider.interactionResult(ctx.req, ctx.res, {
      login: { accountId: options.accountId },
      consent: { grantId },
    });
    ctx.redirect(returnTo);
    ctx.status = 303;
  });

  const handle = provider.callback();
  // The provider's own routes stay at the root; the issuer's path is a prefix the server strips.
  const prefix = base.slice(origin.length);
  server.on('request', (req, res) => {
    if (prefix !== '' && req.url?.startsWith(`${prefix}/`)) req.url = req.url.slice(prefix.length);
    handle(req, res);
  });
  const endpoints = {
    authorize: `${base}/auth`,
    token: `${base}/token`,
    revocation: `${base}/token/revocation`,
    introspection: `${base}/token/introspection`,
  };

  return {
    issuer,
    clientId,
    clientSecret,
    endpoints,
    provider,
    async introspect(token) {
      const response = await fetch(endpoints.introspection, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ token }).toString(),
      });
      if (response.status !== 200) throw new Error(`introspection answered ${response.status}`);
      return (await response.json()) as Record<string, unknown>;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
