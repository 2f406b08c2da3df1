// A Bitbucket whose every secret is a recognisable sentinel, and a scanner that finds them, encoded or not.
import type { Emulator } from '@pail/bitbucket-emulator';
import type { UpstreamHandler } from './bff-harness';
import { TOKEN_PATH } from './bff-harness';

export type SentinelKind =
  'access-token' | 'refresh-token' | 'code' | 'client-secret' | 'api-token';

export interface Sentinel {
  kind: SentinelKind;
  value: string;
}

/** Every sentinel starts with this, so one substring search finds any of them. */
const PREFIX = 'pailsentinel';
/** Base64 and base64url runs long enough to hold a sentinel once decoded. */
const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;

/** Decodes base64 or base64url at one alignment; '' when it does not decode. */
function decodeBase64At(run: string, offset: number): string {
  const text = run.slice(offset).replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  const usable = text.slice(0, text.length - (text.length % 4 === 1 ? 1 : 0));
  try {
    return Buffer.from(usable, 'base64').toString('latin1');
  } catch {
    return '';
  }
}

function decodeUri(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    // A stray `%` anywhere makes decodeURIComponent refuse the lot: decode what can be decoded.
    return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/**
 * `text` as written and every form it decodes to in up to three steps of percent-decoding or base64/base64url
 * (each run at each of the four alignments): a token inside `Basic …` whose halves were form-encoded, a
 * double-encoded query, a sealed blob.
 */
export function decodedForms(text: string): string[] {
  const forms = new Set<string>([text]);
  let frontier = [text];
  for (let step = 0; step < 3 && frontier.length > 0; step += 1) {
    const next: string[] = [];
    const add = (form: string) => {
      if (form === '' || forms.has(form)) return;
      forms.add(form);
      next.push(form);
    };
    for (const form of frontier) {
      add(decodeUri(form));
      for (const run of form.match(BASE64_RUN) ?? []) {
        for (let offset = 0; offset < 4; offset += 1) add(decodeBase64At(run, offset));
      }
    }
    frontier = next;
  }
  return [...forms];
}

export interface Sentinels {
  /** The client secret the BFF is configured with (stands for the emulator's real one). */
  readonly clientSecret: string;
  /** The environment that makes the BFF a confidential client of the emulator with the sentinel secret. */
  env(options?: { revocation?: boolean }): Record<string, string>;
  /** The sentinel standing for `real` (made on first use): an API token the emulator knows as `real`, say. */
  disguise(kind: SentinelKind, real: string): string;
  /** Every sentinel made so far. */
  all(): Sentinel[];
  /** The callback URL with its real `code` swapped for a sentinel, as if Bitbucket had issued that. */
  disguiseCode(callbackUrl: URL): URL;
  /** Plays Bitbucket: translates sentinels to the emulator's real values and back. */
  upstream(emulator: () => Emulator): UpstreamHandler;
  /** Every sentinel found in `text`, in any of its decoded forms. */
  findIn(text: string): Sentinel[];
}

export interface SentinelOptions {
  /**
   * Where the BFF is told the token and revocation endpoints live. Another origin than the API's, so a
   * test can tell which of the two each request went to; the emulator answers both.
   */
  tokenOrigin?: string;
  /** The emulator's secret for the `pail-dev` consumer. */
  realClientSecret?: string;
}

export function createSentinels(emulatorOrigin: string, options: SentinelOptions = {}): Sentinels {
  const tokenOrigin = options.tokenOrigin ?? emulatorOrigin;
  const realClientSecret = options.realClientSecret ?? 'pail-dev-secret';
  const toReal = new Map<string, string>();
  const toSentinel = new Map<string, string>();
  const kinds = new Map<string, SentinelKind>();
  let counter = 0;

  function disguise(kind: SentinelKind, real: string): string {
    const known = toSentinel.get(real);
    if (known !== undefined) return known;
    counter += 1;
    // Fixed width, so no sentinel is a prefix of another.
    const value = `${PREFIX}-${kind}-${String(counter).padStart(6, '0')}-q7x`;
    toReal.set(value, real);
    toSentinel.set(real, value);
    kinds.set(value, kind);
    return value;
  }

  const clientSecret = disguise('client-secret', realClientSecret);

  function reveal(text: string): string {
    return text.includes(PREFIX)
      ? text.replace(/pailsentinel-[a-z-]+-\d{6}-q7x/g, (value) => toReal.get(value) ?? value)
      : text;
  }

  function revealAuthorization(value: string): string {
    const [scheme = '', credentials = ''] = value.split(' ');
    if (scheme.toLowerCase() !== 'basic') return reveal(value);
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    // RFC 6749 §2.3.1 form-encodes both halves of client credentials; API tokens go as they are.
    const part = (text: string) => {
      const plain = reveal(decodeUri(text));
      return text === decodeUri(text) ? plain : encodeURIComponent(plain);
    };
    const revealed = `${part(decoded.slice(0, colon))}:${part(decoded.slice(colon + 1))}`;
    return `Basic ${Buffer.from(revealed, 'utf8').toString('base64')}`;
  }

  function all(): Sentinel[] {
    return [...kinds].map(([value, kind]) => ({ kind, value }));
  }

  return {
    clientSecret,
    env: (options = {}) => ({
      BITBUCKET_CLIENT_ID: 'pail-dev',
      BITBUCKET_CLIENT_SECRET: clientSecret,
      BITBUCKET_AUTHORIZE_URL: `${emulatorOrigin}/site/oauth2/authorize`,
      BITBUCKET_TOKEN_URL: `${tokenOrigin}${TOKEN_PATH}`,
      BITBUCKET_API_URL: emulatorOrigin,
      ...(options.revocation
        ? { BITBUCKET_REVOCATION_URL: `${tokenOrigin}/site/oauth2/revoke` }
        : {}),
    }),
    disguise,
    all,
    disguiseCode(callbackUrl) {
      const url = new URL(callbackUrl);
      const code = url.searchParams.get('code');
      if (code !== null) url.searchParams.set('code', disguise('code', code));
      return url;
    },
    upstream: (emulator) => async (call) => {
      const headers = new Headers(call.headers);
      const authorization = headers.get('Authorization');
      if (authorization !== null) headers.set('Authorization', revealAuthorization(authorization));
      const hasBody = call.method !== 'GET' && call.method !== 'HEAD';
      const url = new URL(call.url);
      if (url.origin === tokenOrigin) {
        const emulated = new URL(emulatorOrigin);
        url.protocol = emulated.protocol;
        url.host = emulated.host;
      }
      const response = await emulator().fetch(url.href, {
        method: call.method,
        headers,
        ...(hasBody ? { body: reveal(call.body) } : {}),
        redirect: 'manual',
        ...(call.signal ? { signal: call.signal } : {}),
      });
      const isJson = response.headers.get('Content-Type')?.includes('json') ?? false;
      if (call.url.pathname !== TOKEN_PATH || !isJson) return response;
      const body = (await response.json()) as Record<string, unknown>;
      if (typeof body.access_token === 'string')
        body.access_token = disguise('access-token', body.access_token);
      if (typeof body.refresh_token === 'string')
        body.refresh_token = disguise('refresh-token', body.refresh_token);
      const relayed = new Headers(response.headers);
      relayed.delete('Content-Length');
      return new Response(JSON.stringify(body), { status: response.status, headers: relayed });
    },
    findIn(text) {
      const found = new Map<string, Sentinel>();
      for (const form of decodedForms(text)) {
        if (!form.includes(PREFIX)) continue;
        for (const sentinel of all()) {
          if (form.includes(sentinel.value)) found.set(sentinel.value, sentinel);
        }
      }
      return [...found.values()];
    },
  };
}
