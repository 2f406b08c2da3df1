// The built SPA on the BFF's origin: hashed assets cached for a year, the shell fresh per response with its own CSP nonce.
import { Hono, type Context } from 'hono';
import { BFF_ROUTES, RAW_ROUTE } from '@pail/shared';
import type { BffEnv } from '../context';
import { BffError } from '../errors';
import type { Logger } from '../logger';
import type { StaticAssets } from './static-assets';

/**
 * What Vite writes where each request's nonce goes (`html.cspNonce` in apps/web/vite.config.ts). It cannot
 * occur in the shell by accident, and it is never sent: every occurrence is replaced.
 */
export const CSP_NONCE_PLACEHOLDER = 'PAIL_CSP_NONCE_PLACEHOLDER';

export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** Unhashed files (a favicon, robots.txt) may change with a deploy: an hour is short enough. */
export const SHORT_CACHE = 'public, max-age=3600';
/** The shell names this build's assets and carries a fresh nonce: revalidated on every load. */
export const SHELL_CACHE = 'no-cache';

const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  webmanifest: 'application/manifest+json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  wasm: 'application/wasm',
};

/** Paths that belong to the BFF even when nothing there matched: never answered with the shell. */
const BFF_PATH = /^\/(?:bff|api)(?:\/|$)|^\/(?:healthz|readyz)\/?$/;
const RAW_PATH = new RegExp(`^/[^/]+/[^/]+/${RAW_ROUTE.segment}(?:/|$)`);
/** A top-level name with an extension (`/favicon.ico`) may be a file from Vite's `public/` folder. */
const ROOT_FILE = /^\/[^/]+\.[A-Za-z0-9]+$/;

/** A policy for files that are never documents of the app: nothing in them may load, run or be framed. */
export const STATIC_FILE_POLICY =
  "default-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox";

/** The build's web workers (`assets/{name}.worker-{hash}.js`, as Vite names them). */
const WORKER_SCRIPT = /^\/assets\/[\w-]+\.worker-[\w-]+\.js$/;

/**
 * A worker runs under the policy its own script arrives with: the static files' policy, except that it
 * may import the build's other scripts (Shiki's grammars), from `/assets/` on Pail's origin and nowhere else.
 */
export function workerScriptPolicy(assetsUrl: string): string {
  return `default-src 'none'; script-src ${assetsUrl}; base-uri 'none'; form-action 'none'`;
}

/** The name the shell's `report-to` uses for the endpoint its `Reporting-Endpoints` header declares. */
export const CSP_REPORT_GROUP = 'csp-endpoint';

/**
 * `Reporting-Endpoints` takes only a potentially trustworthy absolute URL, so it is built from
 * `PAIL_PUBLIC_URL` (https in production, `http://localhost` in development), never from the request.
 */
export function reportingEndpoints(publicUrl: string): string {
  return `${CSP_REPORT_GROUP}="${publicUrl}${BFF_ROUTES.cspReport}"`;
}

export interface ShellPolicyOptions {
  nonce: string;
  /** Where the build's scripts live (`{origin}/assets/`): the only place a worker may start from. */
  assetsUrl: string;
  /** Origins beyond Pail's own that may serve images: where Bitbucket (or the emulator) keeps avatars. */
  imageOrigins: readonly string[];
}

/**
 * The shell's Content-Security-Policy. Scripts run only with this response's nonce, and what they load
 * (lazy routes, Shiki's grammars) is trusted through `'strict-dynamic'`; styles come from Pail's own
 * stylesheets (React's `style` props are set through the CSSOM, which CSP does not govern); images from
 * Pail itself (raw files), `data:`/`blob:` and the avatar origins — never an arbitrary host a README names.
 */
export function shellPolicy({ nonce, assetsUrl, imageOrigins }: ShellPolicyOptions): string {
  return [
    "default-src 'self'",
    // `'report-sample'` puts the start of a refused inline script in the violation, to tell who tried.
    `script-src 'nonce-${nonce}' 'strict-dynamic' 'report-sample'`,
    `style-src 'self' 'nonce-${nonce}'`,
    ['img-src', "'self'", 'data:', 'blob:', ...imageOrigins].join(' '),
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    // The highlighting worker, from the build's own scripts only (never a raw file on the same origin).
    `worker-src ${assetsUrl}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    // Browsers with the Reporting API use `report-to` and ignore `report-uri`; older ones use the latter.
    `report-to ${CSP_REPORT_GROUP}`,
    `report-uri ${BFF_ROUTES.cspReport}`,
  ].join('; ');
}

/** 128 random bits, base64: a nonce an attacker cannot guess, fresh for every response. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

function contentTypeOf(path: string): string {
  const extension = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase() ?? '';
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

export interface StaticRoutesOptions {
  assets: StaticAssets;
  logger: Logger;
  imageOrigins: readonly string[];
  /** `PAIL_PUBLIC_URL`: where the shell's violation reports go. */
  publicUrl: string;
}

export function createStaticRoutes(options: StaticRoutesOptions): Hono<BffEnv> {
  const { assets, logger, imageOrigins } = options;
  const reportTo = reportingEndpoints(options.publicUrl);
  const assetsUrl = `${new URL(options.publicUrl).origin}/assets/`;
  const workerPolicy = workerScriptPolicy(assetsUrl);
  const decoder = new TextDecoder();
  // The build does not change while the process runs: the template is kept once read (a failure is not).
  let template: string | undefined;
  const readShellTemplate = async (): Promise<string | undefined> => {
    if (template !== undefined) return template;
    const bytes = await assets.read('/index.html');
    const text = bytes === undefined ? undefined : decoder.decode(bytes);
    if (text?.includes(CSP_NONCE_PLACEHOLDER)) template = text;
    return template;
  };

  const file = (c: Context<BffEnv>, body: Uint8Array, path: string, cacheControl: string) => {
    c.header('Content-Type', contentTypeOf(path));
    c.header('Cache-Control', cacheControl);
    c.header(
      'Content-Security-Policy',
      WORKER_SCRIPT.test(path) ? workerPolicy : STATIC_FILE_POLICY,
    );
    return c.body(body as Uint8Array<ArrayBuffer>, 200);
  };

  const routes = new Hono<BffEnv>();

  routes.get('/assets/*', async (c) => {
    const path = c.req.path;
    const body = await assets.read(path);
    // A stale hashed name (an old tab after a deploy) is a 404, never the shell parsed as script.
    if (body === undefined) throw new BffError('not_found');
    return file(c, body, path, IMMUTABLE_CACHE);
  });

  routes.get('*', async (c) => {
    const path = c.req.path;
    if (BFF_PATH.test(path) || RAW_PATH.test(path)) throw new BffError('not_found');
    if (ROOT_FILE.test(path) && path !== '/index.html') {
      const body = await assets.read(path);
      if (body !== undefined) return file(c, body, path, SHORT_CACHE);
    }
    const shell = await readShellTemplate();
    if (shell === undefined) {
      // Without the placeholder no script could carry the nonce: a blank page would be worse than a 500.
      logger.error('static.shell_unusable', {
        reason: 'index.html missing or built without a nonce',
      });
      throw new BffError('internal');
    }
    const nonce = createNonce();
    c.header('Content-Type', 'text/html; charset=utf-8');
    c.header('Cache-Control', SHELL_CACHE);
    c.header('Content-Security-Policy', shellPolicy({ nonce, assetsUrl, imageOrigins }));
    c.header('Reporting-Endpoints', reportTo);
    c.header('X-Frame-Options', 'DENY');
    return c.body(shell.replaceAll(CSP_NONCE_PLACEHOLDER, nonce), 200);
  });

  return routes;
}

/** Where Bitbucket Cloud serves avatars (user pictures via Gravatar and Atlassian's avatar service). */
export const BITBUCKET_AVATAR_ORIGINS = [
  'https://bitbucket.org',
  'https://bytebucket.org',
  'https://secure.gravatar.com',
  'https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net',
] as const;

/** Image origins for the shell's policy: the API's own origin (the emulator serves avatars there) plus Bitbucket's. */
export function imageOriginsFor(bitbucket: { mode: 'emulator' | 'bitbucket'; apiOrigin: string }) {
  return bitbucket.mode === 'emulator'
    ? [bitbucket.apiOrigin]
    : [bitbucket.apiOrigin, ...BITBUCKET_AVATAR_ORIGINS];
}
