// A recursive-descent parser for `q=`: comparisons joined by AND/OR (AND binds tighter), with parentheses.
import { QuerySyntaxError, tokenize } from './q-lexer';
import type { Token } from './q-lexer';

export type Literal =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'datetime'; micros: number; text: string }
  | { type: 'boolean'; value: boolean }
  | { type: 'null' };

export type ComparisonOperator = '=' | '!=' | '~' | '!~' | '>' | '>=' | '<' | '<=';

export type QueryNode =
  | { kind: 'and' | 'or'; left: QueryNode; right: QueryNode }
  | { kind: 'compare'; field: string; op: ComparisonOperator; value: Literal }
  | { kind: 'in'; field: string; negated: boolean; values: Literal[] };

const describe = (token: Token): string => {
  switch (token.kind) {
    case 'end':
      return 'end of query';
    case 'field':
      return `"${token.text}"`;
    case 'op':
      return `"${token.text}"`;
    case 'string':
      return `"\\"${token.value}\\""`;
    case 'number':
      return String(token.value);
    case 'datetime':
      return token.text;
    default:
      return token.kind.length === 1 ? `"${token.kind}"` : token.kind.toUpperCase();
  }
};

export function parseQuery(source: string): QueryNode {
  const tokens = tokenize(source);
  let index = 0;
  const peek = (): Token => tokens[index] as Token;
  const take = (): Token => tokens[index++] as Token;
  const fail = (expected: string): never => {
    const token = peek();
    throw new QuerySyntaxError(`Expected ${expected} but found ${describe(token)}`, token.at);
  };

  const literal = (): Literal => {
    const token = take();
    switch (token.kind) {
      case 'string':
        return { type: 'string', value: token.value };
      case 'number':
        return { type: 'number', value: token.value };
      case 'datetime':
        return { type: 'datetime', micros: token.micros, text: token.text };
      case 'true':
      case 'false':
        return { type: 'boolean', value: token.kind === 'true' };
      case 'null':
        return { type: 'null' };
      default:
        index -= 1;
        return fail('a value');
    }
  };

  const list = (): Literal[] => {
    if (peek().kind !== '(') fail('"("');
    take();
    const values = [literal()];
    while (peek().kind === ',') {
      take();
      values.push(literal());
    }
    if (peek().kind !== ')') fail('"," or ")"');
    take();
    return values;
  };

  const comparison = (): QueryNode => {
    const fieldToken = peek();
    if (fieldToken.kind !== 'field') return fail('a field name');
    take();
    const next = peek();
    if (next.kind === 'op') {
      take();
      return { kind: 'compare', field: fieldToken.text, op: next.text, value: literal() };
    }
    if (next.kind === 'in') {
      take();
      return { kind: 'in', field: fieldToken.text, negated: false, values: list() };
    }
    if (next.kind === 'not') {
      take();
      if (peek().kind !== 'in') fail('IN');
      take();
      return { kind: 'in', field: fieldToken.text, negated: true, values: list() };
    }
    return fail('an operator');
  };

  const term = (): QueryNode => {
    if (peek().kind === '(') {
      take();
      const inner = orExpr();
      if (peek().kind !== ')') fail('")"');
      take();
      return inner;
    }
    return comparison();
  };

  const andExpr = (): QueryNode => {
    let left = term();
    while (peek().kind === 'and') {
      take();
      left = { kind: 'and', left, right: term() };
    }
    return left;
  };

  function orExpr(): QueryNode {
    let left = andExpr();
    while (peek().kind === 'or') {
      take();
      left = { kind: 'or', left, right: andExpr() };
    }
    return left;
  }

  const root = orExpr();
  if (peek().kind !== 'end') fail('AND, OR or end of query');
  return root;
}

/** Every dotted field the query mentions, for validation against the resource's schema. */
export function fieldsOf(node: QueryNode): string[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      return [...fieldsOf(node.left), ...fieldsOf(node.right)];
    default:
      return [node.field];
  }
}
