import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeaderMap } from './header-map';

const NAMES = [
  'Content-Type',
  'content-type',
  'ETag',
  'Set-Cookie',
  'set-cookie',
  'X-RateLimit-Limit',
  'Vary',
];
// Values as Pail's answers carry them: already parsed and trimmed (HeaderMap does not normalise them again).
const VALUES = ['application/json', '"abc"', 'a=1; Path=/', 'b=2', 'Accept', '1000', 'no-store'];

type Step = { op: 'set' | 'append'; name: string; value: string } | { op: 'delete'; name: string };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constantFrom('set' as const, 'append' as const),
    name: fc.constantFrom(...NAMES),
    value: fc.constantFrom(...VALUES),
  }),
  fc.record({ op: fc.constant('delete' as const), name: fc.constantFrom(...NAMES) }),
);

/** What a reader of either can tell: every name's value, presence, the cookies and the fields. */
function observe(headers: Headers | HeaderMap) {
  return {
    values: NAMES.map((name) => [name, headers.get(name), headers.has(name)]),
    cookies: headers.getSetCookie(),
    fields: Object.fromEntries([...headers].filter(([name]) => name !== 'set-cookie')),
  };
}

describe('HeaderMap', () => {
  it('answers every read as the Fetch API’s Headers does after the same changes', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        const headers = new Headers();
        const map = new HeaderMap();
        for (const change of steps) {
          if (change.op === 'delete') {
            headers.delete(change.name);
            map.delete(change.name);
          } else {
            headers[change.op](change.name, change.value);
            map[change.op](change.name, change.value);
          }
        }
        expect(observe(map)).toEqual(observe(headers));
        // A Response built from its pairs carries the same headers.
        expect(observe(new Response(null, { headers: map.toPairs() }).headers)).toEqual(
          observe(headers),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('keeps insertion order and lower-cases names', () => {
    const map = new HeaderMap([
      ['X-B', '1'],
      ['x-a', '2'],
    ]);
    map.set('X-B', '3');
    expect([...map]).toEqual([
      ['x-b', '3'],
      ['x-a', '2'],
    ]);
    expect([...map.keys()]).toEqual(['x-b', 'x-a']);
  });
});
