// Strong ETags and `If-None-Match` (RFC 9110 §13.1.2): a matching tag answers 304 with no body.
import { createHash } from 'node:crypto';

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
