// A file's media type from its name's extension (never from its content), as Bitbucket derives it.

const TEXT: Record<string, string> = {
  md: 'text/markdown',
  markdown: 'text/markdown',
  txt: 'text/plain',
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  csv: 'text/csv',
  xml: 'text/xml',
  js: 'text/javascript',
  mjs: 'text/javascript',
  cjs: 'text/javascript',
  jsx: 'text/javascript',
  ts: 'text/x-typescript',
  tsx: 'text/x-typescript',
  py: 'text/x-python',
  go: 'text/x-go',
  java: 'text/x-java',
  kt: 'text/x-kotlin',
  kts: 'text/x-kotlin',
  rs: 'text/x-rust',
  rb: 'text/x-ruby',
  swift: 'text/x-swift',
  scala: 'text/x-scala',
  sh: 'text/x-sh',
  sql: 'text/x-sql',
  tf: 'text/plain',
  hcl: 'text/plain',
  cpp: 'text/x-c++src',
  cc: 'text/x-c++src',
  h: 'text/x-chdr',
  hpp: 'text/x-c++hdr',
  yaml: 'text/yaml',
  yml: 'text/yaml',
  toml: 'text/plain',
  ini: 'text/plain',
  cfg: 'text/plain',
  lock: 'text/plain',
  mod: 'text/plain',
  sum: 'text/plain',
};

const OTHER: Record<string, string> = {
  json: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  ico: 'image/vnd.microsoft.icon',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  wasm: 'application/wasm',
};

function extension(path: string): string | undefined {
  const name = path.split('/').pop() ?? '';
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : undefined;
}

/** The `mimetype` of `format=meta`: known extensions only, `null` otherwise. */
export function mimetypeOf(path: string): string | null {
  const ext = extension(path);
  if (ext === undefined) return null;
  return TEXT[ext] ?? OTHER[ext] ?? null;
}

/**
 * The `Content-Type` of a raw file: the extension's type (text types with `charset=utf-8`);
 * `text/plain` for unknown text and `application/octet-stream` for unknown binary content.
 */
export function contentTypeOf(path: string, binary: boolean): string {
  const ext = extension(path);
  const text = ext === undefined ? undefined : TEXT[ext];
  if (text) return `${text}; charset=utf-8`;
  const other = ext === undefined ? undefined : OTHER[ext];
  if (other === 'application/json' || other === 'image/svg+xml') return `${other}; charset=utf-8`;
  if (other) return other;
  return binary ? 'application/octet-stream' : 'text/plain; charset=utf-8';
}
