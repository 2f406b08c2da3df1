import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkUpstreamTarget, MAX_QUERY_LENGTH } from './allowlist';

const UUID = '{0b5c6a4e-1f2d-4c3b-9a8e-7d6c5b4a3f21}';
const ENCODED_UUID = '%7B0b5c6a4e-1f2d-4c3b-9a8e-7d6c5b4a3f21%7D';

describe('checkUpstreamTarget', () => {
  it.each([
    '/2.0/user',
    '/2.0/user/emails',
    '/2.0/user/workspaces',
    '/2.0/user/workspaces?pagelen=100',
    '/2.0/workspaces/acme',
    `/2.0/workspaces/${UUID}`,
    `/2.0/workspaces/${ENCODED_UUID}`,
    '/2.0/workspaces/acme/projects',
    '/2.0/repositories/acme',
    '/2.0/repositories/acme?q=name%20~%20%22wid%22&sort=-updated_on&page=2',
    '/2.0/repositories/acme/widgets',
    '/2.0/repositories/acme/my.repo_name-2',
    `/2.0/repositories/${ENCODED_UUID}/${ENCODED_UUID}`,
  ])('forwards %s', (target) => {
    const verdict = checkUpstreamTarget(target);
    expect(verdict.ok).toBe(true);
  });

  it('splits the path from the query string', () => {
    expect(checkUpstreamTarget('/2.0/repositories/acme?page=2')).toEqual({
      ok: true,
      path: '/2.0/repositories/acme',
      search: '?page=2',
    });
  });

  it.each([
    '',
    '/',
    '/2.0',
    '/2.0/repositories',
    '/2.0/workspaces',
    '/2.0/user/permissions/workspaces',
    '/2.0/repositories/acme/widgets/src',
    '/2.0/repositories/acme/widgets/pullrequests',
    '/2.0/repositories/acme/',
    '/1.0/user',
    '/2.0/repositories/.hidden',
    '/2.0/repositories/-acme',
    '/2.0/repositories/{not-a-uuid}',
    '/2.0/repositories/%7Bnot-a-uuid%7D',
    '/2.0/repositories/acme%20x',
    '/site/oauth2/access_token',
  ])('refuses %j as not allowlisted', (target) => {
    expect(checkUpstreamTarget(target)).toMatchObject({ ok: false, code: 'path_not_allowed' });
  });

  it.each([
    ['/2.0/repositories/acme/..', 'dot_segment'],
    ['/2.0/repositories/acme/widgets/../../user', 'dot_segment'],
    ['/2.0/repositories/%2e%2e/user', 'encoded_dot'],
    ['/2.0/repositories/acme%2fwidgets', 'encoded_slash'],
    ['/2.0/repositories/..%2f..%2fx', 'dot_segment'],
    ['/2.0/repositories/%5c%5cevil', 'encoded_backslash'],
    ['/2.0/repositories/\\evil', 'backslash'],
    ['//evil.test/2.0/user', 'double_slash'],
    ['/2.0//user', 'double_slash'],
    ['/@evil.test/2.0/user', 'userinfo'],
    ['/2.0/repositories/%40evil.test', 'encoded_userinfo'],
    ['/2.0/user%00', 'control_character'],
    ['/2.0/user\n', 'control_character'],
    ['/2.0/repositories/%252e%252e', 'double_encoding'],
    ['http://evil/2.0/user', 'absolute_url'],
  ])('refuses the trick %j (%s) as a bad request', (target, reason) => {
    expect(checkUpstreamTarget(target)).toEqual({ ok: false, code: 'bad_request', reason });
  });

  it('checks the raw, unnormalised target too', () => {
    // The URL parser turned `/2.0/repositories/acme/widgets/../..` into an allowed path; the raw one is refused.
    expect(
      checkUpstreamTarget('/2.0/repositories/acme', ['/2.0/repositories/acme/widgets/../..']),
    ).toMatchObject({ ok: false, reason: 'dot_segment' });
  });

  it('bounds the query string and refuses a token in it', () => {
    expect(checkUpstreamTarget(`/2.0/user?x=${'a'.repeat(MAX_QUERY_LENGTH)}`)).toMatchObject({
      ok: false,
      reason: 'query_too_long',
    });
    expect(checkUpstreamTarget('/2.0/user?access_token=abc')).toMatchObject({
      ok: false,
      reason: 'query_token',
    });
  });

  it('only ever yields a path that stays on the API origin (property)', () => {
    const apiOrigin = 'https://api.bitbucket.org';
    const piece = fc.oneof(
      fc.constantFrom(
        '2.0',
        'user',
        'repositories',
        'acme',
        '..',
        '.',
        '',
        '%2e',
        '%2f',
        '%5c',
        '@',
        '\\',
        'evil.test',
        '%7B',
        ':',
        '?',
        '#',
        '%00',
        'http:',
      ),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const target = `/${pieces.join('/')}`;
        const verdict = checkUpstreamTarget(target);
        if (!verdict.ok) return;
        const url = new URL(`${apiOrigin}${verdict.path}${verdict.search}`);
        expect(url.origin).toBe(apiOrigin);
        expect(url.pathname).toBe(verdict.path);
        expect(verdict.path.startsWith('/2.0/')).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
