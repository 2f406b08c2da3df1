// Strong ETags and `If-None-Match` (RFC 9110 §13.1.2): a matching tag answers 304 with no body.
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

/** A strong entity tag for a representation's identity (content, attributes, or a JSON body). */
export function entityTag(...parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part).update('\0');
  return `"${hash.digest('hex')}"`;
}

/** Whether `If-None-Match` names `tag` (weak comparison, as the RFC asks for this header) or is `*`. */
export function noneMatch(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((candidate) => opaque(candidate) === opaque(tag));
}

/** 304 with the tag, when the client already holds this representation. */
export function notModified(tag: string, headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 304, headers: { etag: tag, ...headers } });
}

/**
 * Bitbucket's API tags its JSON answers by their bytes and answers a matching `If-None-Match` with 304
 * (its own sample response shows `ETag: "d41d8cd98f00b204e9800998ecf8427e"`, the MD5 of an empty body, on
 * an answer that is neither a file nor a ref), so every `200` JSON `GET` gets a strong tag over its body.
 * Answers that set their own tag (raw files: content and attributes) keep it.
 */
export function tagJsonAnswers(): MiddlewareHandler {
  return async function tagJsonAnswersMiddleware(c, next) {
    await next();
    const method = c.req.method;
    const response = c.res;
    if ((method !== 'GET' && method !== 'HEAD') || response.status !== 200) return;
    if (response.headers.has('etag')) return;
    if (!/^application\/json\b/i.test(response.headers.get('content-type') ?? '')) return;
    const body = new Uint8Array(await response.arrayBuffer());
    const tag = entityTag(body);
    const headers = new Headers(response.headers);
    // Replaced outright: assigning over a response would copy its headers (a 304 carries no length).
    c.res = undefined;
    if (noneMatch(c.req.header('if-none-match'), tag)) {
      c.res = notModified(tag);
      return;
    }
    headers.set('etag', tag);
    c.res = new Response(method === 'HEAD' ? null : body, { status: 200, headers });
  };
}
