// The Authorization header a session's Bitbucket calls carry: Bearer for OAuth, Basic for a token sign-in.
import { utf8 } from '../crypto/encoding';
import type { SessionRecord } from './sessions';

/** RFC 7617 §2: `base64(user-id ":" password)`, the pair encoded as UTF-8 (§2.1's `charset="UTF-8"`). */
export function basicAuthorization(username: string, secret: string): string {
  let binary = '';
  for (const byte of utf8(`${username}:${secret}`)) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** The header for a call made on the session's behalf; only ever sent to the configured API origin. */
export function upstreamAuthorization(record: SessionRecord): string {
  return record.basicUsername === undefined
    ? `Bearer ${record.accessToken}`
    : basicAuthorization(record.basicUsername, record.accessToken);
}
