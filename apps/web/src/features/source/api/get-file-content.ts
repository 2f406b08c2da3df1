// GET /2.0/repositories/{ws}/{repo}/src/{commit}/{path}: a file's bytes, decoded as UTF-8 text or recognised as binary.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { bitbucketApi } from '@/config/paths';
import { api } from '@/lib/api-client';
import { STALE_TIME_MS } from '@/lib/query-client';
import type { SourceLocation } from './source-location';

/** A file's content: its text, or the fact that it is not text. */
export type FileContent = { kind: 'text'; text: string } | { kind: 'binary'; size: number };

/** How far into a file a NUL byte marks it as binary (git's own heuristic looks at the first 8000 bytes). */
const SNIFF_BYTES = 8000;

/** Decodes bytes as text when they are UTF-8 without NUL bytes; anything else is binary. */
export function decodeFileBytes(bytes: Uint8Array): FileContent {
  const head = bytes.subarray(0, SNIFF_BYTES);
  if (head.includes(0)) return { kind: 'binary', size: bytes.byteLength };
  try {
    return { kind: 'text', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { kind: 'binary', size: bytes.byteLength };
  }
}

/** Reads the raw bytes: a `.json` file keeps its own formatting, and binary detection needs the bytes. */
export async function getFileContent({
  workspace,
  repo,
  commit,
  path,
  signal,
}: SourceLocation): Promise<FileContent> {
  const bytes = await api.get<Uint8Array>(bitbucketApi.source(workspace, repo, commit, path), {
    signal,
    responseType: 'bytes',
  });
  return decodeFileBytes(bytes);
}

export function getFileContentQueryOptions(
  workspace: string,
  repo: string,
  commit: string,
  path: string,
) {
  return queryOptions({
    queryKey: ['source', workspace, repo, commit, 'content', path],
    queryFn: ({ signal }) => getFileContent({ workspace, repo, commit, path, signal }),
    staleTime: Infinity,
    // Files can be megabytes: kept for Back within the cache window, then let go.
    gcTime: STALE_TIME_MS,
  });
}

export function useFileContent(
  workspace: string,
  repo: string,
  commit: string,
  path: string,
  enabled: boolean,
) {
  return useQuery({ ...getFileContentQueryOptions(workspace, repo, commit, path), enabled });
}
