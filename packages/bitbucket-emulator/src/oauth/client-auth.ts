// Client authentication at the token endpoint: HTTP Basic (RFC 6749 §2.3.1) or client_id/secret in the form.
import { Buffer } from 'node:buffer';
import { timingSafeEqual } from 'node:crypto';
import type { SeedConsumer } from '../seed/model';
import type { Directory } from '../world/directory';

export type ClientAuthResult =
  { ok: true; consumer: SeedConsumer } | { ok: false; reason: 'missing' | 'invalid' };

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined and base64-encoded. */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function parseBasic(
  header: string | undefined,
): { id: string; secret: string } | 'malformed' | undefined {
  if (!header) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) return 'malformed';
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function authenticateClient(
  directory: Directory,
  authorization: string | undefined,
  form: Record<string, string>,
): ClientAuthResult {
  const basic = parseBasic(authorization);
  if (basic === 'malformed') return { ok: false, reason: 'invalid' };
  const bodyId = form.client_id;
  const bodySecret = form.client_secret;
  const id = basic?.id ?? bodyId;
  const secret = basic?.secret ?? bodySecret;
  if (id === undefined || secret === undefined) return { ok: false, reason: 'missing' };
  // Two different identities in one request is a confused client: refuse rather than pick one.
  if (basic && bodyId !== undefined && bodyId !== basic.id) return { ok: false, reason: 'invalid' };
  const consumer = directory.consumerByKey(id);
  if (!consumer || !sameSecret(secret, consumer.secret)) return { ok: false, reason: 'invalid' };
  return { ok: true, consumer };
}
