// `/{workspace}/{repo}/raw/{ref}/{path…}`: a file's bytes as a navigation (links, downloads, images), sandboxed on Pail's origin.
import { Hono, type Context } from 'hono';
import { RAW_ROUTE } from '@pail/shared';
import { FILE_SEGMENT, checkUpstreamTarget, findTrick } from '../api-proxy/allowlist';
import type { BitbucketClient } from '../api-proxy/bitbucket-client';
import {
  INLINE_IMAGE_TYPES,
  RAW_CONTENT_SECURITY_POLICY,
  contentDisposition,
  isTextType,
  mediaType,
  relayHeaders,
} from '../api-proxy/content-headers';
import type { BffContext, BffEnv } from '../context';
import { BffError } from '../errors';
import { measureUpstream } from '../middleware/request-log/upstream-timing';
import { isTimeout } from '../oauth/oauth-client';
import { receivedTargets } from '../request-source';
import { clearSessionCookie, readSessionCookie } from '../session/cookies';
import { SessionEndedError } from '../session/refresh-session';
import type { ActiveSession } from '../session/sessions';
import { resolveRefPath } from './resolve-ref';

const SLUG = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const BRACED_UUID =
  /^(?:\{|%7B)[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?:\}|%7D)$/i;
const SEGMENT = new RegExp(`^${FILE_SEGMENT}$`);
const RAW_PATH = new RegExp(`^/([^/]+)/([^/]+)/${RAW_ROUTE.segment}/(.*)$`);
const MAX_PATH_LENGTH = 1024;
/** Bytes looked at to tell text from binary when Bitbucket's type does not say: git's own heuristic. */
const SNIFF_BYTES = 8000;
/** The BFF's own prefixes are never workspaces here. */
const RESERVED_WORKSPACES = new Set(['api', 'bff']);
const ALLOWED_METHODS = 'GET, HEAD';

/** The Hono route of raw files. */
export const RAW_ROUTE_PATTERN = `/:workspace/:repo/${RAW_ROUTE.segment}/*`;

interface RawRequest {
  workspace: string;
  repo: string;
  segments: string[];
  filename: string;
  download: boolean;
}

function badRequest(message: string): BffError {
  return new BffError('bad_request', { message });
}

/** Validates the URL before anything else happens; nothing here reaches Bitbucket. */
function parseRawRequest(c: Context<BffEnv>): RawRequest {
  const url = new URL(c.req.url);
  const match = RAW_PATH.exec(url.pathname);
  if (match === null) throw new BffError('not_found');
  const [, workspace = '', repo = '', rest = ''] = match;
  for (const candidate of [url.pathname, ...receivedTargets(c)]) {
    const path = candidate.split(/[?#]/)[0] ?? '';
    if (path.length > MAX_PATH_LENGTH) throw badRequest('The file path is too long.');
    const prefix = RAW_PATH.exec(path);
    const filePathFrom = prefix ? path.length - (prefix[3] ?? '').length : undefined;
    if (findTrick(path, { filePathFrom }) !== undefined) {
      throw badRequest('The file path is malformed.');
    }
  }
  for (const id of [workspace, repo]) {
    if (!SLUG.test(id) && !BRACED_UUID.test(id))
      throw badRequest('This is not a workspace or repository name.');
  }
  if (RESERVED_WORKSPACES.has(workspace)) throw new BffError('not_found');
  const segments = rest.split('/');
  if (segments.length < 2 || !segments.every((segment) => SEGMENT.test(segment))) {
    throw badRequest('A raw file URL names a branch, tag or commit, then a file path.');
  }
  let filename: string;
  try {
    segments.forEach((segment) => decodeURIComponent(segment));
    filename = decodeURIComponent(segments.at(-1) ?? '');
  } catch {
    throw badRequest('The file path is not valid UTF-8.');
  }
  let download = false;
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    if (
      name !== RAW_ROUTE.downloadParam ||
      values.length !== 1 ||
      !/^(?:1|true)$/.test(values[0] ?? '')
    ) {
      throw badRequest(`The only query parameter here is ${RAW_ROUTE.downloadParam}=1.`);
    }
    download = true;
  }
  return { workspace, repo, segments, filename, download };
}

/** Reads up to `limit` bytes without losing them: returns them and a stream that replays them first. */
async function peek(
  body: ReadableStream<Uint8Array>,
  limit: number,
): Promise<{ head: Uint8Array; body: ReadableStream<Uint8Array> }> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < limit) {
    const next = await reader.read();
    if (next.done) {
      done = true;
      break;
    }
    chunks.push(next.value);
    size += next.value.byteLength;
  }
  const head = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    head.set(chunk, offset);
    offset += chunk.byteLength;
  }
  const replay = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      if (done) controller.close();
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { head, body: replay };
}

function looksBinary(head: Uint8Array): boolean {
  return head.subarray(0, SNIFF_BYTES).includes(0);
}

/**
 * How the bytes are presented. Raster images inline with their type; any text (HTML, SVG, XML and script
 * included) inline as plain text; everything else, and any download, as an attachment.
 */
async function presentFile(
  upstream: Response,
  request: RawRequest,
  headers: Headers,
): Promise<ReadableStream<Uint8Array> | null> {
  const type = mediaType(upstream.headers.get('content-type'));
  let body = upstream.body;
  let kind: 'image' | 'text' | 'binary';
  if (INLINE_IMAGE_TYPES.has(type)) kind = 'image';
  else if (isTextType(type)) kind = 'text';
  else if (body === null) kind = 'binary';
  else {
    let peeked: Awaited<ReturnType<typeof peek>>;
    try {
      peeked = await peek(body, SNIFF_BYTES);
    } catch (error) {
      throw new BffError(isTimeout(error) ? 'upstream_timeout' : 'upstream_unavailable', {
        cause: error,
      });
    }
    body = peeked.body;
    kind = looksBinary(peeked.head) ? 'binary' : 'text';
  }
  if (kind === 'image') headers.set('Content-Type', type);
  else if (request.download || kind === 'binary')
    headers.set('Content-Type', 'application/octet-stream');
  else headers.set('Content-Type', 'text/plain; charset=utf-8');
  const inline = !request.download && kind !== 'binary';
  headers.set(
    'Content-Disposition',
    contentDisposition(inline ? 'inline' : 'attachment', request.filename),
  );
  return body;
}

export function createRawRoutes(ctx: BffContext, bitbucket: BitbucketClient): Hono<BffEnv> {
  const { sessions, logger } = ctx;
  const raw = new Hono<BffEnv>();

  raw.all(RAW_ROUTE_PATTERN, async (c) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      throw new BffError('method_not_allowed', { headers: { Allow: ALLOWED_METHODS } });
    }
    let request: RawRequest;
    try {
      request = parseRawRequest(c);
    } catch (error) {
      if (error instanceof BffError) logger.warn('raw.path_rejected', { code: error.code });
      throw error;
    }

    // A navigation: signed out, the browser goes to the sign-in page and comes back here afterwards.
    const toSignIn = () => {
      const url = new URL(c.req.url);
      c.header('Cache-Control', 'no-store');
      return c.redirect(`/login?returnTo=${encodeURIComponent(url.pathname + url.search)}`, 302);
    };
    const cookie = readSessionCookie(c);
    const session = await sessions.load(cookie);
    if (session === undefined) {
      if (cookie !== undefined) clearSessionCookie(c);
      return toSignIn();
    }
    await sessions.touch(session);
    try {
      return await serveFile(c, request, session);
    } catch (error) {
      if (!(error instanceof SessionEndedError)) throw error;
      logger.info('session.ended', { reason: error.reason });
      clearSessionCookie(c);
      return toSignIn();
    }
  });

  async function serveFile(
    c: Context<BffEnv>,
    request: RawRequest,
    session: ActiveSession,
  ): Promise<Response> {
    const repositoryPath = `/2.0/repositories/${request.workspace}/${request.repo}`;
    const resolved = await measureUpstream(c, () =>
      resolveRefPath(bitbucket, session, repositoryPath, request.segments),
    );
    if (resolved === undefined || resolved.pathSegments.length === 0) {
      throw new BffError('not_found', {
        message: 'There is no such repository, or it has no branch, tag or commit of that name.',
      });
    }
    const verdict = checkUpstreamTarget(
      `${repositoryPath}/src/${resolved.hash}/${resolved.pathSegments.join('/')}`,
    );
    if (!verdict.ok) throw badRequest('The file path is malformed.');

    const ifNoneMatch = c.req.header('If-None-Match');
    const upstreamHeaders = {
      accept: '*/*',
      ...(ifNoneMatch === undefined ? {} : { 'if-none-match': ifNoneMatch }),
    };
    // GET even for HEAD, so both answer with the same type (it may depend on the first bytes).
    const upstream = await measureUpstream(c, () =>
      bitbucket.send(session, {
        path: verdict.path,
        search: verdict.search,
        method: 'GET',
        headers: upstreamHeaders,
      }),
    );

    const headers = relayHeaders(upstream.headers, new Headers());
    headers.delete('Content-Disposition');
    // A private repository's bytes must not outlive the session in the browser's disk cache.
    headers.set('Cache-Control', 'no-store');
    headers.set('Content-Security-Policy', RAW_CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('X-Frame-Options', 'DENY');

    let body: ReadableStream<Uint8Array> | null;
    if (upstream.status === 304) {
      body = null;
    } else if (upstream.ok) {
      body = await presentFile(upstream, request, headers);
    } else {
      // Bitbucket's refusal (404, 403, 429, …) as it is; anything but its JSON is shown as text.
      body = upstream.body;
      if (!mediaType(headers.get('Content-Type')).endsWith('json')) {
        headers.set('Content-Type', 'text/plain; charset=utf-8');
      }
    }
    if (c.req.method === 'HEAD' || body === null) {
      await (body ?? upstream.body)?.cancel();
      body = null;
    }
    return new Response(body, { status: upstream.status, headers });
  }

  return raw;
}
