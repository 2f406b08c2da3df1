// Which of Bitbucket's response headers reach the browser, and how repository content is typed so it never runs as Pail.
import type { HeaderFields } from '../http/header-map';

/** The only response headers relayed (no Set-Cookie, hop-by-hop or server internals), plus `X-RateLimit-*`. */
export const RELAYED_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'content-disposition',
  'etag',
  'last-modified',
  'retry-after',
] as const;

/**
 * For anything a repository holds: an opaque origin (`sandbox` without `allow-scripts`), nothing loaded,
 * nothing framed. Plain text and images still display.
 */
export const RAW_CONTENT_SECURITY_POLICY =
  "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'";

/** Raster images a browser shows without running anything (no SVG: it can carry script). */
export const INLINE_IMAGE_TYPES: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/x-icon',
  'image/vnd.microsoft.icon',
]);

/** Non-`text/*` types that are source text all the same (shown as plain text, never rendered). */
const TEXT_APPLICATION_TYPES: ReadonlySet<string> = new Set([
  'application/json',
  'application/xml',
  'application/javascript',
  'application/ecmascript',
  'application/x-javascript',
  'application/typescript',
  'application/x-typescript',
  'application/x-sh',
  'application/x-shellscript',
  'application/x-python',
  'application/x-python-code',
  'application/x-ruby',
  'application/x-perl',
  'application/x-php',
  'application/x-httpd-php',
  'application/yaml',
  'application/x-yaml',
  'application/toml',
  'application/sql',
  'application/graphql',
  'application/x-tex',
  'application/x-latex',
  'application/rtf',
  'application/x-ndjson',
]);

/** The media type of a Content-Type value, lower-cased, without parameters ('' when absent). */
export function mediaType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Source text of any kind, including types a browser would render or run (HTML, SVG, XML, JavaScript). */
export function isTextType(type: string): boolean {
  return (
    type.startsWith('text/') ||
    TEXT_APPLICATION_TYPES.has(type) ||
    type.endsWith('+xml') ||
    type.endsWith('+json')
  );
}

/** Types a browser displays without running anything, so they may be relayed as they are. */
function isInert(type: string): boolean {
  return (
    type === 'application/json' ||
    type.endsWith('+json') ||
    type === 'text/plain' ||
    INLINE_IMAGE_TYPES.has(type)
  );
}

/**
 * The relayed subset of Bitbucket's headers, set on `headers` (empty: a `Headers`, or the proxy's
 * `HeaderMap`). `Content-Length` is dropped when the body was content-encoded: `fetch` has decoded it, so
 * the length no longer matches.
 */
export function relayHeaders<T extends HeaderFields>(upstream: Headers, headers: T): T {
  for (const name of RELAYED_RESPONSE_HEADERS) {
    const value = upstream.get(name);
    if (value !== null) headers.set(name, value);
  }
  for (const [name, value] of upstream) {
    if (name.toLowerCase().startsWith('x-ratelimit-')) headers.set(name, value);
  }
  const encoding = upstream.get('content-encoding');
  if (encoding !== null && encoding.trim().toLowerCase() !== 'identity') {
    headers.delete('content-length');
  }
  return headers;
}

/**
 * Makes a proxied answer safe to land on Pail's origin: anything other than JSON, plain text or a raster
 * image is marked as a download, so even a navigation to it could not render HTML, SVG or script here.
 * The type itself is kept, so the app reading it with `fetch` sees what Bitbucket said.
 */
export function hardenProxiedContent(headers: HeaderFields): void {
  const disposition = headers.get('content-disposition');
  if (
    !isInert(mediaType(headers.get('content-type'))) &&
    !/^\s*attachment\b/i.test(disposition ?? '')
  ) {
    headers.set('Content-Disposition', 'attachment');
  }
}

/** RFC 5987 `attr-char` escapes: `encodeURIComponent` plus the few characters it leaves that are not allowed. */
function encodeExtValue(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * A `Content-Disposition` value (RFC 6266 §4): an ASCII `filename` for old agents, and `filename*` with
 * the exact UTF-8 name, which every current browser prefers.
 */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeExtValue(filename)}`;
}
