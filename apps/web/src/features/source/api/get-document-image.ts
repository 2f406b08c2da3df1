// GET src/{commit}/{path} for an image inside a document: its bytes, held in the query cache as a blob: URL.
import { queryOptions, useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { bitbucketApi } from '@/config/paths';
import { api, isApiError } from '@/lib/api-client';
import { STALE_TIME_MS } from '@/lib/query-client';
import type { HeldObjectUrl } from '@/lib/query-client';

/**
 * An image ready to show (a `blob:` URL the cache revokes when it lets the image go), or one that cannot be
 * shown: missing at that commit, out of reach, or not a raster image. Both are answers, kept like any
 * other, so going back to the document asks for neither again.
 */
export type DocumentImage = ({ kind: 'image' } & HeldObjectUrl) | { kind: 'unavailable' };

/**
 * The raster formats the raw route shows inline (record 010), by their first bytes: what the file claims
 * to be does not matter. SVG and anything else is not shown, as an `<img>` of the raw URL never was.
 */
const SIGNATURES: readonly { type: string; matches: (bytes: Uint8Array) => boolean }[] = [
  {
    type: 'image/png',
    matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  { type: 'image/jpeg', matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  { type: 'image/gif', matches: (b) => ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a' },
  { type: 'image/webp', matches: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP' },
  {
    type: 'image/avif',
    matches: (b) => ascii(b, 4, 8) === 'ftyp' && /^avi[fs]$/.test(ascii(b, 8, 12)),
  },
  { type: 'image/x-icon', matches: (b) => startsWith(b, [0x00, 0x00, 0x01, 0x00]) },
];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

/** The raster image type the bytes are, or `undefined`. */
export function sniffImageType(bytes: Uint8Array): string | undefined {
  return SIGNATURES.find((signature) => signature.matches(bytes))?.type;
}

/** Answers that stay the same for this commit and session: the image is simply not there to show. */
const UNAVAILABLE_STATUSES = new Set([403, 404, 410]);

export async function getDocumentImage({
  workspace,
  repo,
  commit,
  path,
  signal,
}: {
  workspace: string;
  repo: string;
  commit: string;
  path: string;
  signal?: AbortSignal;
}): Promise<DocumentImage> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await api.get<Uint8Array<ArrayBuffer>>(
      bitbucketApi.source(workspace, repo, commit, path),
      {
        signal,
        responseType: 'bytes',
      },
    );
  } catch (error) {
    if (isApiError(error) && UNAVAILABLE_STATUSES.has(error.status)) return { kind: 'unavailable' };
    throw error;
  }
  const type = sniffImageType(bytes);
  if (!type) return { kind: 'unavailable' };
  // A cancelled read's answer is dropped by the cache, so it must not hold an object URL nobody revokes.
  signal?.throwIfAborted();
  return { kind: 'image', objectUrl: URL.createObjectURL(new Blob([bytes], { type })) };
}

export function getDocumentImageQueryOptions(
  workspace: string,
  repo: string,
  commit: string,
  path: string,
) {
  return queryOptions({
    queryKey: ['source', workspace, repo, commit, 'image', path],
    queryFn: ({ signal }) => getDocumentImage({ workspace, repo, commit, path, signal }),
    // Read at a commit hash: never changes. Kept for Back within the cache window, like a file's bytes.
    staleTime: Infinity,
    gcTime: STALE_TIME_MS,
  });
}

/**
 * The images of one document, by the URL the document shows them under: an object URL once loaded,
 * `null` when it cannot be shown; absent while it loads or after a failure worth retrying.
 */
export function useDocumentImages(
  workspace: string,
  repo: string,
  commit: string,
  images: ReadonlyMap<string, string>,
): ReadonlyMap<string, string | null> {
  const urls = [...images.keys()];
  const results = useQueries({
    queries: [...images.values()].map((path) =>
      getDocumentImageQueryOptions(workspace, repo, commit, path),
    ),
  });
  const loaded = urls.flatMap((url, index) => {
    const data = results[index]?.data;
    if (!data) return [];
    return [[url, data.kind === 'image' ? data.objectUrl : null] as const];
  });
  // One map per change of what is loaded, so the document sets its images only when they change.
  const signature = loaded.map(([url, src]) => `${url}\n${src ?? ''}`).join('\n');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `signature` stands for `loaded`
  return useMemo(() => new Map(loaded), [signature]);
}
