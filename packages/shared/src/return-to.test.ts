import { describe, expect, it } from 'vitest';
import { parseReturnTo } from './return-to';

describe('parseReturnTo', () => {
  it.each(['/', '/acme', '/acme/widgets?page=2', '/acme/widgets/src/main/README.md#lines-3'])(
    'keeps the local path %s',
    (path) => {
      expect(parseReturnTo(path)).toBe(path);
    },
  );

  it.each([
    undefined,
    '',
    'acme',
    '//evil.test',
    '/\\evil.test',
    '\\\\evil.test',
    'https://evil.test/',
    'javascript:alert(1)',
    '/%2F%2Fevil.test',
    '/%5Cevil.test',
    '/\tevil',
    '/a\r\nSet-Cookie: x=1',
    '/％2F',
    '/%252F%252Fevil.test',
    '/.//evil.test',
    '/x/..//evil.test',
    '/%2e//evil.test',
    '/.%2E//evil.test',
    ' /acme',
  ])('refuses %j', (value) => {
    expect(parseReturnTo(value)).toBeUndefined();
  });
});
