// Evaluates a parsed `q=` against a JSON object: dotted paths, any-match through arrays, `~` case-insensitive.
import { parseIsoMicros } from '../seed/timestamps';
import type { ComparisonOperator, Literal, QueryNode } from './q-parser';

/** Every value at `path`; arrays on the way fan out (so `reviewers.nickname` matches any reviewer). */
export function valuesAt(object: unknown, path: string): unknown[] {
  let current: unknown[] = [object];
  for (const key of path.split('.')) {
    current = current.flatMap((value) => {
      if (Array.isArray(value))
        return value.map((item) => (item as Record<string, unknown> | null)?.[key]);
      if (value !== null && typeof value === 'object')
        return [(value as Record<string, unknown>)[key]];
      return [undefined];
    });
  }
  return current.flatMap((value) => (Array.isArray(value) ? value : [value]));
}

function order(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Positive comparison of one value; `!=`, `!~` and NOT IN are the negation of "any value matches". */
function matches(
  value: unknown,
  op: '=' | '~' | '>' | '>=' | '<' | '<=',
  literal: Literal,
): boolean {
  if (literal.type === 'null') return op === '=' && (value === null || value === undefined);
  if (literal.type === 'boolean') return op === '=' && value === literal.value;
  if (value === null || value === undefined) return false;
  let cmp: number;
  if (literal.type === 'number') {
    if (typeof value !== 'number') return false;
    cmp = order(value, literal.value);
  } else if (literal.type === 'datetime') {
    const micros = typeof value === 'string' ? parseIsoMicros(value) : undefined;
    if (micros === undefined) return false;
    cmp = order(micros, literal.micros);
  } else {
    if (typeof value !== 'string') return false;
    if (op === '~') return value.toLowerCase().includes(literal.value.toLowerCase());
    cmp = order(value, literal.value);
  }
  switch (op) {
    case '=':
      return cmp === 0;
    case '~':
      return false;
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
  }
}

const POSITIVE: Record<ComparisonOperator, ['=' | '~' | '>' | '>=' | '<' | '<=', boolean]> = {
  '=': ['=', false],
  '!=': ['=', true],
  '~': ['~', false],
  '!~': ['~', true],
  '>': ['>', false],
  '>=': ['>=', false],
  '<': ['<', false],
  '<=': ['<=', false],
};

export function evaluate(node: QueryNode, object: unknown): boolean {
  switch (node.kind) {
    case 'and':
      return evaluate(node.left, object) && evaluate(node.right, object);
    case 'or':
      return evaluate(node.left, object) || evaluate(node.right, object);
    case 'compare': {
      const [op, negated] = POSITIVE[node.op];
      const any = valuesAt(object, node.field).some((value) => matches(value, op, node.value));
      return negated ? !any : any;
    }
    case 'in': {
      const values = valuesAt(object, node.field);
      const any = node.values.some((literal) =>
        values.some((value) => matches(value, '=', literal)),
      );
      return node.negated ? !any : any;
    }
  }
}
