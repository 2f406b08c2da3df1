import { describe, expect, it } from 'vitest';
import { evaluate } from './q-evaluate';
import { QuerySyntaxError } from './q-lexer';
import { parseQuery } from './q-parser';

const repo = {
  name: 'Billing Service',
  slug: 'billing-service',
  size: 1200,
  is_private: true,
  language: 'java',
  website: null,
  updated_on: '2025-03-14T09:21:07.412345+00:00',
  project: { key: 'PAY', name: 'Payments' },
  reviewers: [{ nickname: 'alice' }, { nickname: 'bob' }],
};

const matches = (q: string): boolean => evaluate(parseQuery(q), repo);

describe('q= filter language', () => {
  it.each([
    ['name = "Billing Service"', true],
    ['name = "billing service"', false],
    ['name ~ "BILLING"', true],
    ['name !~ "billing"', false],
    ['slug != "ledger"', true],
    ['size > 1000', true],
    ['size >= 1200 AND size <= 1200', true],
    ['size < 10.5', false],
    ['is_private = true', true],
    ['is_private != false', true],
    ['website = null', true],
    ['language != null', true],
    ['project.key = "PAY"', true],
    ['project.key IN ("PAY", "PLAT")', true],
    ['project.key NOT IN ("PAY")', false],
    ['reviewers.nickname = "bob"', true],
    ['reviewers.nickname != "bob"', false],
    ['updated_on > 2025-03-14', true],
    ['updated_on > 2025-03-14T09:21:07.412345', false],
    ['updated_on >= 2025-03-14T09:21:07.412345+00:00', true],
    ['updated_on < 2025-03-14T10:00:00+02:00', false],
    ['name = "x" OR size > 1 AND language = "go"', false],
    ['(name = "x" OR size > 1) AND language = "java"', true],
    ['name = "x" or slug = "billing-service"', true],
    ['name = "say \\"hi\\""', false],
  ])('%s → %s', (q, expected) => {
    expect(matches(q)).toBe(expected);
  });

  it.each([
    ['name =', /Expected a value/],
    ['name "x"', /Expected an operator/],
    ['= "x"', /Expected a field name/],
    ['(name = "x"', /Expected "\)"/],
    ['name = "x" name = "y"', /Expected AND, OR or end of query/],
    ['name = "x', /Unterminated string/],
    ['name = #', /Unexpected character/],
    ['name IN "x"', /Expected "\("/],
    ['name NOT = "x"', /Expected IN/],
  ])('reports a syntax error in %s', (q, message) => {
    expect(() => parseQuery(q)).toThrow(QuerySyntaxError);
    expect(() => parseQuery(q)).toThrow(message);
  });
});
