// Decides how a file is shown from its `format=meta` description, before any byte is downloaded.
import type { CommitFile } from '@pail/shared/bitbucket';

/**
 * Files larger than this are offered as Raw/Download only. Up to it, text is shown plain at once and
 * virtualised, so only highlighting costs more with size (and it has its own, lower bound).
 */
export const MAX_DISPLAY_BYTES = 8 * 1024 * 1024;

/** Image types a browser shows in `<img>`, where even an SVG runs no script. */
const INLINE_IMAGE_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
  'image/x-icon',
  'image/vnd.microsoft.icon',
  'image/svg+xml',
]);

const IMAGE_EXTENSIONS = /\.(?:png|jpe?g|gif|webp|avif|bmp|ico|svg)$/i;

export function isImageMimetype(mimetype: string | null | undefined): boolean {
  return mimetype ? INLINE_IMAGE_TYPES.has(mimetype.toLowerCase()) : false;
}

/** Markdown is rendered up to this size (parsing and sanitising run in one go); larger shows its source. */
export const MAX_RENDERED_MARKDOWN_BYTES = 1024 * 1024;

export type FileKind = 'image' | 'binary' | 'too-large' | 'submodule' | 'text';

export function fileKind(file: CommitFile): FileKind {
  const attributes = file.attributes ?? [];
  if (attributes.includes('subrepository')) return 'submodule';
  if (isImageMimetype(file.mimetype) || (!file.mimetype && IMAGE_EXTENSIONS.test(file.path ?? '')))
    return 'image';
  if (attributes.includes('binary') || attributes.includes('lfs')) return 'binary';
  if (file.mimetype === 'application/octet-stream') return 'binary';
  if ((file.size ?? 0) > MAX_DISPLAY_BYTES) return 'too-large';
  return 'text';
}

/** Markdown files get a rendered view beside their source. */
export function isMarkdownPath(path: string): boolean {
  return /\.(?:md|markdown|mdown|mkd)$/i.test(path);
}
