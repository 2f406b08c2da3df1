import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBase64Url, encodeBase64Url, encodeHex } from './encoding';

describe('base64url', () => {
  it('encodes and decodes every length exactly as Node does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = encodeBase64Url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(decodeBase64Url(text)).toEqual(new Uint8Array(bytes));
      }),
    );
  });

  it.each(['a', 'abcde', 'ab+c', 'ab/c', 'abc=', 'ab c', 'abé', 'ab\u0000c', 'Zm9v\n'])(
    'refuses %j',
    (text) => {
      expect(decodeBase64Url(text)).toBeUndefined();
    },
  );

  it('decodes the empty string to no bytes', () => {
    expect(decodeBase64Url('')).toEqual(new Uint8Array(0));
  });
});

describe('hex', () => {
  it('encodes every length exactly as Node does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(encodeHex(bytes)).toBe(Buffer.from(bytes).toString('hex'));
      }),
    );
  });
});
