// Git's objects as the emulator keeps them in memory: blobs with Git's own ids, flat snapshots, commits and tags.
import { createHash } from 'node:crypto';

/** `100644` a regular file, `100755` an executable, `120000` a symbolic link (its content is the target). */
export type FileMode = '100644' | '100755' | '120000';

export interface Blob {
  /** The id Git gives these bytes (`sha1("blob <size>\0" + bytes)`), so equal content has equal ids. */
  id: string;
  bytes: Uint8Array;
}

export interface SnapshotEntry {
  blob: Blob;
  mode: FileMode;
}

/** A commit's whole tree as path → file; directories are implied by the paths. */
export type Snapshot = ReadonlyMap<string, SnapshotEntry>;

/** Who wrote a commit or a tag, as Git records it. */
export interface Signature {
  name: string;
  email: string;
}

export interface CommitObject {
  hash: string;
  /** First parent first, as Git orders them. */
  parents: readonly string[];
  snapshot: Snapshot;
  author: Signature;
  /** Bitbucket's timestamp format. */
  date: string;
  message: string;
}

export interface TagObject {
  name: string;
  target: string;
  message: string;
  date: string;
  tagger: Signature;
}

const encoder = new TextEncoder();

export function toBytes(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? encoder.encode(content) : content;
}

/** A blob with Git's id for `content`. */
export function makeBlob(content: string | Uint8Array): Blob {
  const bytes = toBytes(content);
  const id = createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
  return { id, bytes };
}

/** Git's tree order: byte order of names, a directory compared as if its name ended in `/`. */
export function compareTreeNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A commit id from its content, shaped like Git's commit object so ids change whenever anything does. */
export function commitHash(input: {
  snapshot: Snapshot;
  parents: readonly string[];
  author: Signature;
  date: string;
  message: string;
}): string {
  const tree = createHash('sha1');
  for (const path of [...input.snapshot.keys()].sort(compareTreeNames)) {
    const entry = input.snapshot.get(path) as SnapshotEntry;
    tree.update(`${entry.mode} ${path}\0${entry.blob.id}\n`);
  }
  const seconds = Math.floor(Date.parse(input.date) / 1000);
  const signature = `${input.author.name} <${input.author.email}> ${seconds} +0000`;
  const body = [
    `tree ${tree.digest('hex')}`,
    ...input.parents.map((p) => `parent ${p}`),
    `author ${signature}`,
    `committer ${signature}`,
    '',
    input.message,
  ].join('\n');
  return createHash('sha1').update(`commit ${body.length}\0${body}`).digest('hex');
}

/** Whether bytes are binary the way Git decides it: a NUL in the first 8,000 bytes. */
export function isBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.byteLength, 8000);
  for (let i = 0; i < end; i += 1) if (bytes[i] === 0) return true;
  return false;
}
