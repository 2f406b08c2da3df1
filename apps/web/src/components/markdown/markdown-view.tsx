// Renders untrusted Markdown (READMEs, pull-request descriptions) as sanitised HTML that never runs code.
import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import type { Tokens } from 'marked';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { MouseEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { Location } from 'react-router';
import './markdown-view.css';

/** What a relative URL in the document is used for: a link target or an image source. */
export type MarkdownUrlKind = 'link' | 'image';

/**
 * Rewrites a relative URL (`docs/guide.md`, `../logo.png`, `/LICENSE`) found in the document; returns
 * `null` to drop it. Absolute URLs and `#anchors` never reach it.
 */
export type ResolveMarkdownUrl = (url: string, kind: MarkdownUrlKind) => string | null | undefined;

export interface MarkdownViewProps {
  source: string;
  resolveUrl?: ResolveMarkdownUrl;
  className?: string;
  /**
   * The document is the page's content (a file, a README), so a heading named by the URL's hash
   * (`#install` or `#markdown-header-install`) is scrolled to and focused once the document is on screen.
   */
  followHash?: boolean;
  /**
   * Relative images are loaded by the page rather than by the browser: each `<img>` whose URL came from
   * `resolveUrl` gets no `src` until this map gives one for that URL (an object URL), and an image the
   * map answers `null` for shows its text. Without it, the browser loads the resolved URL itself.
   */
  images?: ReadonlyMap<string, string | null>;
}

const INTERNAL_LINK_ATTRIBUTE = 'data-pail-route';
/** Marks an image whose source the page supplies (`images`); its value is the URL `resolveUrl` gave. */
const PAGE_IMAGE_ATTRIBUTE = 'data-pail-image';
/**
 * Bitbucket's prefix for heading ids. A bare slug could claim an id the page itself uses (`changes-title`,
 * `diff-file-1` below a pull request's description), taking over its label or its jump links.
 */
export const HEADING_ID_PREFIX = 'markdown-header-';
const SAFE_LINK_SCHEME = /^(?:https?|mailto):/i;
const SAFE_IMAGE_SCHEME = /^https?:/i;
/** Raster images only: an SVG data URL could carry markup. */
const SAFE_IMAGE_DATA_URL = /^data:image\/(?:png|gif|jpe?g|webp|avif);base64,[a-z0-9+/=\s]+$/i;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** A GitHub-style heading anchor: lower case, punctuation dropped, spaces to hyphens. */
export function slugifyHeading(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/**
 * Heading ids come from Pail's renderer, which prefixes them with a per-render nonce; any other `id`,
 * `name` or `class` in the document is the author's and is dropped, so a document can neither reuse the
 * app's styles (an overlay, a fake dialog) nor claim the app's element ids.
 */
let activeIdPrefix = '';

function createMarked(idPrefix: string): Marked {
  const used = new Map<string, number>();
  return new Marked({
    gfm: true,
    async: false,
    renderer: {
      heading(this: { parser: { parseInline: (tokens: Tokens.Generic[]) => string } }, token) {
        const html = this.parser.parseInline(token.tokens);
        const base = slugifyHeading(token.text) || 'section';
        const count = used.get(base) ?? 0;
        used.set(base, count + 1);
        const id = count === 0 ? base : `${base}-${count}`;
        return `<h${token.depth} id="${idPrefix}${id}">${html}</h${token.depth}>\n`;
      },
    },
  });
}

const purifier = typeof window === 'undefined' ? undefined : DOMPurify(window);
let activeResolver: ResolveMarkdownUrl | undefined;
let activePageImages = false;

function isRelative(url: string): boolean {
  return url !== '' && !url.startsWith('#') && !url.startsWith('//') && !HAS_SCHEME.test(url);
}

function isOffSite(url: string): boolean {
  try {
    return new URL(url, window.location.href).origin !== window.location.origin;
  } catch {
    return true;
  }
}

purifier?.addHook('afterSanitizeAttributes', (node) => {
  if (!(node instanceof Element)) return;
  node.removeAttribute(INTERNAL_LINK_ATTRIBUTE);
  node.removeAttribute(PAGE_IMAGE_ATTRIBUTE);
  const id = node.getAttribute('id');
  if (id !== null) {
    if (activeIdPrefix !== '' && id.startsWith(activeIdPrefix))
      node.setAttribute('id', `${HEADING_ID_PREFIX}${id.slice(activeIdPrefix.length)}`);
    else node.removeAttribute('id');
  }
  node.removeAttribute('name');
  const className = node.getAttribute('class');
  if (className !== null && !(node.tagName === 'CODE' && /^language-[\w+#-]+$/.test(className))) {
    node.removeAttribute('class');
  }

  const href = node.getAttribute('href');
  if (href !== null) {
    const url = href.trim();
    if (url.startsWith('#')) {
      // An anchor in this document, as GitHub writes it (`#install`) or Bitbucket (`#markdown-header-…`).
      const fragment = url.slice(1);
      if (fragment !== '' && !fragment.startsWith(HEADING_ID_PREFIX))
        node.setAttribute('href', `#${HEADING_ID_PREFIX}${fragment}`);
    } else if (isRelative(url)) {
      const resolved = activeResolver ? activeResolver(url, 'link') : url;
      if (resolved) {
        node.setAttribute('href', resolved);
        if (resolved.startsWith('/') && !resolved.startsWith('//'))
          node.setAttribute(INTERNAL_LINK_ATTRIBUTE, '');
      } else {
        node.removeAttribute('href');
      }
    } else if (SAFE_LINK_SCHEME.test(url) || url.startsWith('//')) {
      if (isOffSite(url)) node.setAttribute('rel', 'noopener noreferrer');
    } else {
      node.removeAttribute('href');
    }
  }

  const src = node.getAttribute('src');
  if (src !== null) {
    const url = src.trim();
    if (isRelative(url)) {
      const resolved = activeResolver ? activeResolver(url, 'image') : url;
      if (resolved && activePageImages && node.tagName === 'IMG') {
        node.removeAttribute('src');
        node.setAttribute(PAGE_IMAGE_ATTRIBUTE, resolved);
      } else if (resolved) node.setAttribute('src', resolved);
      else node.removeAttribute('src');
    } else if (!SAFE_IMAGE_SCHEME.test(url) && !SAFE_IMAGE_DATA_URL.test(url)) {
      node.removeAttribute('src');
    } else if (node.tagName === 'IMG' && SAFE_IMAGE_SCHEME.test(url) && isOffSite(url)) {
      // Fetching it would tell that host who read a private README, and Pail's CSP refuses it anyway
      // (images come from Pail and Bitbucket only): its text is shown in its place instead.
      node.removeAttribute('src');
      node.setAttribute('title', `Image from ${new URL(url).host}, not loaded`);
    }
    if (node.tagName === 'IMG') {
      // An image the author gave no text is treated as decorative rather than announced by its URL.
      if (!node.hasAttribute('alt')) node.setAttribute('alt', '');
      node.setAttribute('loading', 'lazy');
      node.setAttribute('referrerpolicy', 'no-referrer');
    }
  }
});

/**
 * Markdown to sanitised HTML: no script, no event handler, no style, no form, no frame, no dialog, no
 * role or live region, no `javascript:`/`data:` link (raster `data:` images only); off-site links get
 * `rel="noopener noreferrer"`; relative URLs go through `resolveUrl`; headings get `markdown-header-` ids.
 */
export function renderMarkdown(
  source: string,
  resolveUrl?: ResolveMarkdownUrl,
  { pageImages = false }: { pageImages?: boolean } = {},
): string {
  if (!purifier) return '';
  // getRandomValues, unlike randomUUID, also exists outside secure contexts (plain-HTTP development).
  const nonce = Array.from(crypto.getRandomValues(new Uint8Array(12)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
  const idPrefix = `pail-${nonce}-`;
  const html = createMarked(idPrefix).parse(source, { async: false });
  activeResolver = resolveUrl;
  activeIdPrefix = idPrefix;
  activePageImages = pageImages;
  try {
    return purifier.sanitize(html, {
      USE_PROFILES: { html: true },
      FORBID_TAGS: [
        'style',
        'form',
        'input',
        'button',
        'textarea',
        'select',
        'option',
        'iframe',
        'frame',
        'object',
        'embed',
        'base',
        'link',
        'meta',
        'video',
        'audio',
        'source',
        'track',
        // Nor may it pose as the page around it: a dialog over it, or a second main landmark.
        'dialog',
        'main',
      ],
      FORBID_ATTR: [
        'style',
        'srcset',
        'action',
        'formaction',
        'background',
        'poster',
        'ping',
        // Roles, live regions and focus stops would let a README speak as the app (a fake alert or button).
        'role',
        'aria-live',
        'tabindex',
      ],
      ALLOW_DATA_ATTR: false,
      ALLOW_UNKNOWN_PROTOCOLS: false,
    });
  } finally {
    activeResolver = undefined;
    activeIdPrefix = '';
    activePageImages = false;
  }
}

/**
 * The relative images a document shows, as `resolveUrl` resolves them, in document order without
 * repeats: what a page passing `images` must load. Read from the sanitised output, so an image the
 * sanitiser drops is not loaded either.
 */
export function markdownImageUrls(source: string, resolveUrl: ResolveMarkdownUrl): string[] {
  const template = document.createElement('template');
  template.innerHTML = renderMarkdown(source, resolveUrl, { pageImages: true });
  const urls = Array.from(
    template.content.querySelectorAll(`img[${PAGE_IMAGE_ATTRIBUTE}]`),
    (image) => image.getAttribute(PAGE_IMAGE_ATTRIBUTE) ?? '',
  );
  return [...new Set(urls)];
}

/** Hashes the page itself owns: a code view's line ranges (`#lines-10:20`). */
const PAGE_HASH = /^lines-\d/;

/**
 * The heading in `container` that `hash` names, in either anchor style; `null` when the hash names none,
 * or names an element of the page around the document (`#main`), which keeps it.
 */
export function findHashHeading(container: Element, hash: string): HTMLElement | null {
  if (hash.length < 2) return null;
  let fragment: string;
  try {
    fragment = decodeURIComponent(hash.slice(1));
  } catch {
    return null;
  }
  if (PAGE_HASH.test(fragment)) return null;
  const own = document.getElementById(fragment);
  if (own && !container.contains(own)) return null;
  const id = fragment.startsWith(HEADING_ID_PREFIX) ? fragment : `${HEADING_ID_PREFIX}${fragment}`;
  const target = document.getElementById(id);
  return target && container.contains(target) && /^H[1-6]$/.test(target.tagName) ? target : null;
}

/**
 * Locations whose heading was already brought into view. A document shown again at the same location
 * (Markdown's Source/Rendered toggle) leaves the focus where the user put it.
 */
const followedLocations = new WeakSet<Location>();

/** Scrolls to a heading and focuses it: focusable only while focused, so Tab order stays the document's. */
function focusHeading(heading: HTMLElement) {
  heading.scrollIntoView?.({ block: 'start' });
  if (!heading.hasAttribute('tabindex')) {
    heading.setAttribute('tabindex', '-1');
    heading.addEventListener('blur', () => heading.removeAttribute('tabindex'), { once: true });
  }
  heading.focus({ preventScroll: true });
}

/** Markdown rendered safely; same-origin links produced by `resolveUrl` navigate inside the app. */
export function MarkdownView({
  source,
  resolveUrl,
  className,
  followHash = false,
  images,
}: MarkdownViewProps) {
  const navigate = useNavigate();
  const location = useLocation();
  const containerRef = useRef<HTMLDivElement>(null);
  const pageImages = images !== undefined;
  const html = useMemo(
    () => renderMarkdown(source, resolveUrl, { pageImages }),
    [source, resolveUrl, pageImages],
  );

  // Before paint, so an image already loaded (Back, or prefetched on hover) shows in the first frame.
  useLayoutEffect(() => {
    const container = containerRef.current;
    if (!container || !images) return;
    for (const image of container.querySelectorAll(`img[${PAGE_IMAGE_ATTRIBUTE}]`)) {
      const src = images.get(image.getAttribute(PAGE_IMAGE_ATTRIBUTE) ?? '');
      if (src) {
        if (image.getAttribute('src') !== src) image.setAttribute('src', src);
      } else image.removeAttribute('src');
    }
  }, [html, images]);

  useEffect(() => {
    const container = containerRef.current;
    if (!followHash || !container || followedLocations.has(location)) return;
    // A page kept on screen, inert, while the next one loads is not where the link leads.
    if (container.closest('[inert]')) return;
    const heading = findHashHeading(container, location.hash);
    if (!heading) return;
    followedLocations.add(location);
    focusHeading(heading);
  }, [followHash, html, location]);

  function onClick(event: MouseEvent<HTMLDivElement>) {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element).closest('a');
    if (!anchor?.hasAttribute(INTERNAL_LINK_ATTRIBUTE)) return;
    const href = anchor.getAttribute('href');
    if (!href) return;
    event.preventDefault();
    void navigate(href);
  }

  return (
    // Clicks (and Enter on a focused link) are delegated so in-app links keep the SPA's history.
    <div
      ref={containerRef}
      className={`markdown${className ? ` ${className}` : ''}`}
      onClick={onClick}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
