// Where a file or folder is: the address every `src/{commit}/{path}` call takes.
export interface SourceLocation {
  workspace: string;
  repo: string;
  /** A full commit hash (refs are resolved first: a name with `/` cannot stand in a `src` path). */
  commit: string;
  /** From the repository root, without a leading slash; `''` is the root. */
  path: string;
  signal?: AbortSignal;
}
