// Tokens of Bitbucket's `q=` filter language (the "Filter and sort API objects" narrative).
import { parseIsoMicros } from '../seed/timestamps';

export type Token =
  | { kind: 'field'; text: string; at: number }
  | { kind: 'op'; text: '=' | '!=' | '~' | '!~' | '>' | '>=' | '<' | '<='; at: number }
  | { kind: 'and' | 'or' | 'in' | 'not' | 'null' | 'true' | 'false' | '(' | ')' | ','; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'number'; value: number; at: number }
  | { kind: 'datetime'; micros: number; text: string; at: number }
  | { kind: 'end'; at: number };

export class QuerySyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'QuerySyntaxError';
  }
}

const DATETIME =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?/;
const NUMBER = /^-?\d+(?:\.\d+)?/;
const WORD = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/;
const OPERATORS = ['!=', '!~', '>=', '<=', '=', '~', '>', '<'] as const;
const KEYWORDS = new Set(['and', 'or', 'in', 'not', 'null', 'true', 'false']);

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    const char = source[i] as string;
    if (/\s/.test(char)) {
      i += 1;
      continue;
    }
    if (char === '(' || char === ')' || char === ',') {
      tokens.push({ kind: char, at: i });
      i += 1;
      continue;
    }
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (op) {
      tokens.push({ kind: 'op', text: op, at: i });
      i += op.length;
      continue;
    }
    if (char === '"') {
      let value = '';
      let j = i + 1;
      for (; j < source.length && source[j] !== '"'; j += 1) {
        if (source[j] === '\\' && j + 1 < source.length) j += 1;
        value += source[j];
      }
      if (j >= source.length) throw new QuerySyntaxError('Unterminated string', i);
      tokens.push({ kind: 'string', value, at: i });
      i = j + 1;
      continue;
    }
    const date = DATETIME.exec(rest)?.[0];
    if (date) {
      const micros = parseIsoMicros(date);
      if (micros === undefined) throw new QuerySyntaxError(`Invalid date "${date}"`, i);
      tokens.push({ kind: 'datetime', micros, text: date, at: i });
      i += date.length;
      continue;
    }
    const number = NUMBER.exec(rest)?.[0];
    if (number) {
      tokens.push({ kind: 'number', value: Number(number), at: i });
      i += number.length;
      continue;
    }
    const word = WORD.exec(rest)?.[0];
    if (word) {
      const lower = word.toLowerCase();
      if (KEYWORDS.has(lower)) tokens.push({ kind: lower as 'and', at: i });
      else tokens.push({ kind: 'field', text: word, at: i });
      i += word.length;
      continue;
    }
    throw new QuerySyntaxError(`Unexpected character "${char}"`, i);
  }
  tokens.push({ kind: 'end', at: source.length });
  return tokens;
}
