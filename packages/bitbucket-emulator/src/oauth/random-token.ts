// Random opaque strings for codes and tokens, from the platform CSPRNG.
import { Buffer } from 'node:buffer';
import { getRandomValues } from 'node:crypto';

/** `bytes` random bytes as base64url. */
export function randomToken(bytes: number): string {
  return Buffer.from(getRandomValues(new Uint8Array(bytes))).toString('base64url');
}

/**
 * Bitbucket's access and refresh tokens are large (often over 2,500 characters); ours are too, so that
 * clients that put them in a cookie or a URL fail here as they would in production.
 */
export const TOKEN_BYTES = 1_920; // 2,560 base64url characters
export const CODE_BYTES = 18;
