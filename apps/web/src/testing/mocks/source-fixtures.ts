// A small acme/widgets tree at a few commits, shaped like Bitbucket's `src`, `refs` and `commit` payloads.
import type { Branch, CommitDirectory, CommitFile, Tag } from '@pail/shared/bitbucket';
import { BITBUCKET_API } from './fixtures';

export interface SourceFile {
  /** Text, or raw bytes for binary files. */
  content: string | Uint8Array;
  mimetype?: string | null;
  attributes?: CommitFile['attributes'];
  /** Reported size when it differs from the content's (a file too large to keep in a fixture). */
  size?: number;
}

export const HOSTILE_README = `# Widgets

The widget catalogue and its pricing rules.

## Getting started

| Command | What it does |
| --- | --- |
| \`pnpm dev\` | runs the catalogue |

\`\`\`ts
import { formatPrice } from './src';
\`\`\`

Read [the guide](docs/guide.md), or jump to [Getting started](#getting-started).

To set it up, follow [Install](docs/guide.md#install).

![Widgets logo](docs/images/logo.png)

<script>window.__pailXss = 'readme-script'</script>

<img src="missing.png" onerror="window.__pailXss = 'readme-onerror'">

[Click me](javascript:window.__pailXss='readme-href')
`;

export const GUIDE_MD = `# The guide

See the [logo](images/logo.png) and [the README](../README.md).

Back to [the README's first steps](../README.md#getting-started), or on to [Configuration](#configuration).

## Install

Run \`pnpm install\`.

## Configuration

Set \`WIDGETS_CURRENCY\`.
`;

export const FORMAT_DATE_TS = `// Formats dates for the catalogue.
export interface DateFormat {
  locale: string;
  timeZone: string;
}

export function formatDate(date: Date, format: DateFormat): string {
  return new Intl.DateTimeFormat(format.locale, {
    dateStyle: 'medium',
    timeZone: format.timeZone,
  }).format(date);
}
`;

const PNG_BYTES = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);

const MAIN_FILES: Record<string, SourceFile> = {
  'README.md': { content: HOSTILE_README, mimetype: 'text/markdown' },
  '.gitignore': { content: 'node_modules\ndist\n' },
  LICENSE: { content: 'MIT License\n\nCopyright (c) 2026 Acme\n' },
  'package.json': {
    content: '{\n  "name": "widgets",\n    "private": true\n}\n',
    mimetype: 'application/json',
  },
  'docs/guide.md': {
    content: GUIDE_MD,
    mimetype: 'text/markdown',
  },
  'docs/images/logo.png': { content: PNG_BYTES, mimetype: 'image/png', attributes: ['binary'] },
  'docs/Café notes — 2026.md': { content: '# Café notes\n', mimetype: 'text/markdown' },
  'assets/logo.svg': {
    content:
      '<svg xmlns="http://www.w3.org/2000/svg"><script>window.__pailXss="svg"</script></svg>',
    mimetype: 'image/svg+xml',
  },
  'bin/widgets-linux-amd64': {
    content: new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]),
    mimetype: 'application/octet-stream',
    attributes: ['binary'],
  },
  'bin/unflagged.dat': {
    content: new Uint8Array([0x68, 0x69, 0x00, 0x00, 0x01, 0x02]),
    mimetype: null,
  },
  'data/large-fixture.txt': { content: 'line\n', mimetype: 'text/plain', size: 12 * 1024 * 1024 },
  'data/long.txt': {
    content: Array.from({ length: 5000 }, (_, index) => `entry ${index + 1}`).join('\n') + '\n',
    mimetype: 'text/plain',
  },
  'src/index.ts': { content: "export { formatDate } from './lib/format/format-date';\n" },
  'src/lib/format/format-date.ts': { content: FORMAT_DATE_TS },
  'src/components/button/button.tsx': {
    content: 'export function Button() {\n  return <button type="button">Go</button>;\n}\n',
  },
  'scripts/release.py': { content: 'def release():\n    return "v2.0.0"\n' },
};

const DARK_MODE_FILES: Record<string, SourceFile> = {
  ...MAIN_FILES,
  'src/theme/dark-mode.ts': {
    content: "export const darkMode = {\n  background: '#1d2125',\n  text: '#dee4ea',\n};\n",
  },
};

const OLD_FILES: Record<string, SourceFile> = {
  'README.md': { content: '# Widgets\n\nVersion one.\n', mimetype: 'text/markdown' },
  'src/index.ts': { content: 'export {};\n' },
};

export const MAIN_HASH = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
export const DARK_MODE_HASH = 'b2c3d4e5f60718293a4b5c6d7e8f901234567890';
export const V1_HASH = 'c3d4e5f60718293a4b5c6d7e8f90123456789012';

/** Every commit's files, by hash. */
export const sourceTrees: Record<string, Record<string, SourceFile>> = {
  [MAIN_HASH]: MAIN_FILES,
  [DARK_MODE_HASH]: DARK_MODE_FILES,
  [V1_HASH]: OLD_FILES,
};

const BRANCH_TARGETS: Record<string, string> = {
  main: MAIN_HASH,
  develop: MAIN_HASH,
  'feature/dark-mode': DARK_MODE_HASH,
  'release/2.x': MAIN_HASH,
  'bugfix/PAIL-42/login-redirect': MAIN_HASH,
};

const TAG_TARGETS: Record<string, string> = {
  'v1.0.0': V1_HASH,
  'v2.0.0': MAIN_HASH,
};

function commitRef(hash: string) {
  return {
    type: 'commit',
    hash,
    date: '2026-11-20T10:00:00+00:00',
    message: 'Release\n',
    links: {
      self: { href: `${BITBUCKET_API}/2.0/repositories/acme/widgets/commit/${hash}` },
    },
  };
}

export const widgetsBranches: Branch[] = Object.entries(BRANCH_TARGETS).map(([name, hash]) => ({
  type: 'branch',
  name,
  target: commitRef(hash),
  links: {},
}));

export const widgetsTags: Tag[] = Object.entries(TAG_TARGETS).map(([name, hash]) => ({
  type: 'tag',
  name,
  target: commitRef(hash),
  links: {},
}));

export function findCommit(prefix: string): string | undefined {
  return Object.keys(sourceTrees).find((hash) => hash.startsWith(prefix.toLowerCase()));
}

export function fileSize(file: SourceFile): number {
  if (file.size !== undefined) return file.size;
  return typeof file.content === 'string'
    ? new TextEncoder().encode(file.content).byteLength
    : file.content.byteLength;
}

function selfLink(hash: string, path: string) {
  return {
    self: {
      href: `${BITBUCKET_API}/2.0/repositories/acme/widgets/src/${hash}/${path.split('/').map(encodeURIComponent).join('/')}`,
    },
    meta: {
      href: `${BITBUCKET_API}/2.0/repositories/acme/widgets/src/${hash}/${path.split('/').map(encodeURIComponent).join('/')}?format=meta`,
    },
  };
}

export function fileEntry(hash: string, path: string, file: SourceFile): CommitFile {
  return {
    type: 'commit_file',
    path,
    escaped_path: path,
    size: fileSize(file),
    mimetype: file.mimetype === undefined ? 'text/plain' : file.mimetype,
    attributes: file.attributes ?? [],
    commit: commitRef(hash),
    links: selfLink(hash, path),
  };
}

export function directoryEntry(hash: string, path: string): CommitDirectory {
  return {
    type: 'commit_directory',
    path,
    commit: commitRef(hash),
    links: selfLink(hash, `${path}/`),
  };
}

/**
 * The entries under `directory` at `hash`, down to `maxDepth` levels (1: the directory's own children), in
 * Bitbucket's order (breadth first, by name); `undefined` when the directory does not exist.
 */
export function listEntries(
  hash: string,
  directory: string,
  maxDepth = 1,
): Array<CommitFile | CommitDirectory> | undefined {
  const files = sourceTrees[hash];
  if (!files) return undefined;
  const prefix = directory === '' ? '' : `${directory}/`;
  const paths = Object.keys(files).filter((path) => path.startsWith(prefix));
  if (paths.length === 0 && directory !== '') return undefined;
  const entries = new Map<string, CommitFile | CommitDirectory>();
  for (const path of paths) {
    const parts = path.slice(prefix.length).split('/');
    for (let depth = 1; depth <= Math.min(maxDepth, parts.length); depth += 1) {
      const entryPath = prefix + parts.slice(0, depth).join('/');
      if (entries.has(entryPath)) continue;
      entries.set(
        entryPath,
        depth === parts.length
          ? fileEntry(hash, entryPath, files[path]!)
          : directoryEntry(hash, entryPath),
      );
    }
  }
  return [...entries.values()].sort(
    (a, b) =>
      (a.path ?? '').split('/').length - (b.path ?? '').split('/').length ||
      (a.path ?? '').localeCompare(b.path ?? ''),
  );
}

/**
 * A folder of `count` files (`file-00001.txt`, …) at `hash`, as Bitbucket lists them: too many to keep in
 * `sourceTrees`, whose listings are rebuilt on every request.
 */
export function largeFolderEntries(hash: string, folder: string, count: number): CommitFile[] {
  return Array.from({ length: count }, (_, index) =>
    fileEntry(hash, `${folder}/file-${String(index + 1).padStart(5, '0')}.txt`, {
      content: `entry ${index + 1}\n`,
    }),
  );
}
