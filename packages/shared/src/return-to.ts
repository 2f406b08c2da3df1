// Which post-login destinations are safe: local paths only, so sign-in can never become an open redirect.

const MAX_RETURN_TO_LENGTH = 2048;

/**
 * Returns `value` when it is a plain local path (`/x…`), else `undefined`.
 * Refuses protocol-relative (`//`, `/\`), absolute and scheme URLs, control and whitespace characters,
 * backslashes, and percent-encoded slashes or backslashes that a later decode could turn into one.
 */
export function parseReturnTo(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_RETURN_TO_LENGTH) {
    return undefined;
  }
  if (!value.startsWith('/') || value.startsWith('//')) return undefined;
  // Backslashes, whitespace, controls and non-ASCII look-alikes have no place in a local path we emit.
  if (!/^[\x21-\x7e]+$/.test(value) || value.includes('\\')) return undefined;
  if (/%(?:2f|5c|0[0-9a-f]|1[0-9a-f]|7f|25)/i.test(value)) return undefined;
  try {
    const url = new URL(value, 'https://pail.invalid');
    if (url.origin !== 'https://pail.invalid') return undefined;
    // Dot segments (`/.//x`, `/a/..//x`, `/%2e//x`) resolve to a protocol-relative `//x`: check the result too.
    if (url.pathname.startsWith('//')) return undefined;
    return url.pathname + url.search + url.hash;
  } catch {
    return undefined;
  }
}
