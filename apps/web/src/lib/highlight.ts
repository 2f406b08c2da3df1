// Syntax highlighting with Shiki's fine-grained core: the JavaScript regex engine, two themes, and one
// grammar loaded on demand per file type (never the full bundle). Import this module lazily.
import { createHighlighterCore } from 'shiki/core';
import type { HighlighterCore, LanguageInput, TokensResult } from 'shiki/core';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';

/** One highlighted piece of a line: its text and its colour in the light and the dark scheme. */
export interface HighlightedToken {
  content: string;
  light?: string;
  dark?: string;
  fontStyle?: number;
}

export type HighlightedLine = HighlightedToken[];

const LIGHT_THEME = 'github-light-default';
const DARK_THEME = 'github-dark-default';

const GRAMMARS: Record<string, () => LanguageInput> = {
  typescript: () => import('shiki/langs/typescript.mjs'),
  tsx: () => import('shiki/langs/tsx.mjs'),
  javascript: () => import('shiki/langs/javascript.mjs'),
  jsx: () => import('shiki/langs/jsx.mjs'),
  json: () => import('shiki/langs/json.mjs'),
  jsonc: () => import('shiki/langs/jsonc.mjs'),
  python: () => import('shiki/langs/python.mjs'),
  go: () => import('shiki/langs/go.mjs'),
  css: () => import('shiki/langs/css.mjs'),
  scss: () => import('shiki/langs/scss.mjs'),
  html: () => import('shiki/langs/html.mjs'),
  xml: () => import('shiki/langs/xml.mjs'),
  markdown: () => import('shiki/langs/markdown.mjs'),
  yaml: () => import('shiki/langs/yaml.mjs'),
  toml: () => import('shiki/langs/toml.mjs'),
  shellscript: () => import('shiki/langs/shellscript.mjs'),
  dockerfile: () => import('shiki/langs/dockerfile.mjs'),
  makefile: () => import('shiki/langs/makefile.mjs'),
  java: () => import('shiki/langs/java.mjs'),
  kotlin: () => import('shiki/langs/kotlin.mjs'),
  rust: () => import('shiki/langs/rust.mjs'),
  ruby: () => import('shiki/langs/ruby.mjs'),
  php: () => import('shiki/langs/php.mjs'),
  c: () => import('shiki/langs/c.mjs'),
  cpp: () => import('shiki/langs/cpp.mjs'),
  csharp: () => import('shiki/langs/csharp.mjs'),
  swift: () => import('shiki/langs/swift.mjs'),
  sql: () => import('shiki/langs/sql.mjs'),
  ini: () => import('shiki/langs/ini.mjs'),
  diff: () => import('shiki/langs/diff.mjs'),
};

let highlighter: Promise<HighlighterCore> | undefined;

function getHighlighter(): Promise<HighlighterCore> {
  highlighter ??= createHighlighterCore({
    themes: [
      import('shiki/themes/github-light-default.mjs'),
      import('shiki/themes/github-dark-default.mjs'),
    ],
    langs: [],
    engine: createJavaScriptRegexEngine({ forgiving: true }),
  });
  return highlighter;
}

/** Lines tokenised between two yields to the browser: a slice of ordinary code takes a few milliseconds. */
const LINES_PER_SLICE = 200;
/** Longer lines (minified code, data) stay plain: one of them could hold the thread for seconds. */
const MAX_TOKENIZED_LINE_LENGTH = 2_000;

const yieldToBrowser = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Highlights `code` as `language` (see `languageForPath`), loading its grammar on first use. Returns
 * the lines as tokens with both schemes' colours, so one render follows the system's colour scheme.
 * The work is done in slices of lines, handing the main thread back between them (the grammar's state
 * carries over, so a comment or string spanning slices is still one), and stops when `signal` aborts.
 */
export async function highlightCode(
  code: string,
  language: string,
  signal?: AbortSignal,
): Promise<HighlightedLine[]> {
  const load = GRAMMARS[language];
  if (!load) throw new Error(`No grammar for ${language}`);
  const core = await getHighlighter();
  if (!core.getLoadedLanguages().includes(language)) await core.loadLanguage(load());
  const lines = code.split(/\r?\n/);
  const highlighted: HighlightedLine[] = [];
  let grammarState: TokensResult['grammarState'];
  for (let first = 0; first < lines.length; first += LINES_PER_SLICE) {
    if (first > 0) await yieldToBrowser();
    signal?.throwIfAborted();
    const result = core.codeToTokens(lines.slice(first, first + LINES_PER_SLICE).join('\n'), {
      lang: language,
      themes: { light: LIGHT_THEME, dark: DARK_THEME },
      defaultColor: false,
      grammarState,
      tokenizeMaxLineLength: MAX_TOKENIZED_LINE_LENGTH,
    });
    grammarState = result.grammarState;
    for (const line of result.tokens) {
      highlighted.push(
        line.map((token) => ({
          content: token.content,
          light: token.htmlStyle?.['--shiki-light'],
          dark: token.htmlStyle?.['--shiki-dark'],
          fontStyle: token.fontStyle,
        })),
      );
    }
  }
  return highlighted;
}
