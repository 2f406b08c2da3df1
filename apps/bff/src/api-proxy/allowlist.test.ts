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
    '/2.0/repositories/acme/widgets/issues',
    '/2.0/repositories/acme/widgets/pipelines',
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

const REPO = '/2.0/repositories/acme/widgets';
const HASH = '4f9c2b1a7e3d5c6b8a9f0e1d2c3b4a5f6e7d8c9b';
const OLD = '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567';

describe('checkUpstreamTarget: repository browsing', () => {
  it.each([
    `${REPO}/src`,
    `${REPO}/src?format=meta`,
    `${REPO}/src/${HASH}/`,
    `${REPO}/src/main/`,
    `${REPO}/src/v1.10.0/`,
    `${REPO}/src/${HASH}/?pagelen=100&page=2`,
    `${REPO}/src/${HASH}/?max_depth=3&q=type%3D%22commit_file%22&sort=-path`,
    `${REPO}/src/${HASH}/?page=aGVsbG8-d29ybGQ`,
    `${REPO}/src/${HASH}/README.md`,
    `${REPO}/src/${HASH}/README.md?format=rendered`,
    `${REPO}/src/${HASH}/docs/images/logo.png?format=meta`,
    `${REPO}/src/${HASH}/src/components/button/button.test.tsx`,
    `${REPO}/src/${HASH}/src/components/button/`,
    `${REPO}/src/${HASH}/docs/Caf%C3%A9%20notes%20%E2%80%94%202026.md`,
    `${REPO}/src/${HASH}/.gitignore`,
    `${REPO}/src/${HASH}/assets/logo@2x.png`,
    `${REPO}/src/${HASH}/packages/%40scope/index.ts`,
    `${REPO}/src/${HASH}/a%3Bb.txt`,
    `${REPO}/src/${HASH}/weird..name.txt`,
    `${REPO}/commits`,
    `${REPO}/commits?include=feature%2Fdark-mode&exclude=main&pagelen=50`,
    `${REPO}/commits?include=a&include=b&path=src%2Findex.ts&page=${HASH}`,
    `${REPO}/commits/main`,
    `${REPO}/commits/${HASH}?path=README.md`,
    `${REPO}/commit/${HASH}`,
    `${REPO}/commit/4f9c2b1`,
    `${REPO}/diff/${HASH}`,
    `${REPO}/diff/${HASH}..${OLD}`,
    `${REPO}/diff/${HASH}?path=README.md&path=src%2Findex.ts&context=5&ignore_whitespace=true&binary=false&renames=true&topic=false`,
    `${REPO}/diff/acme/widgets:${HASH.slice(0, 12)}%0D${OLD.slice(0, 12)}?from_pullrequest_id=7&topic=true`,
    `${REPO}/diffstat/${HASH}..${OLD}?pagelen=500&page=2&renames=false`,
    `${REPO}/diffstat/acme/widgets:${HASH}%0d${OLD}?from_pullrequest_id=7&topic=true`,
    `${REPO}/refs/branches`,
    `${REPO}/refs/branches?q=name%20~%20%22feat%22&sort=-name&pagelen=25&page=2`,
    `${REPO}/refs/branches/main`,
    `${REPO}/refs/branches/feature/dark-mode`,
    `${REPO}/refs/branches/bugfix/PAIL-42/login-redirect`,
    `${REPO}/refs/tags`,
    `${REPO}/refs/tags?sort=-name`,
    `${REPO}/refs/tags/v2.0.0-rc.1`,
    `${REPO}/pullrequests`,
    `${REPO}/pullrequests?state=OPEN&state=MERGED&state=DECLINED&state=SUPERSEDED&pagelen=50`,
    `${REPO}/pullrequests?q=author.nickname%3D%22alice%22&sort=-updated_on&page=3`,
    `${REPO}/pullrequests/1`,
    `${REPO}/pullrequests/42/diff`,
    `${REPO}/pullrequests/42/diffstat`,
    `/2.0/repositories/${ENCODED_UUID}/${ENCODED_UUID}/src/${HASH}/x.ts`,
  ])('forwards %s', (target) => {
    expect(checkUpstreamTarget(target)).toMatchObject({ ok: true });
  });

  it.each([
    `${REPO}/src/`,
    `${REPO}/src/${HASH}`,
    `${REPO}/src/${HASH}/a;b.txt`,
    `${REPO}/src/${HASH}/a/..;/b`,
    `${REPO}/srcx`,
    `${REPO}/commit`,
    `${REPO}/commit/main`,
    `${REPO}/commit/${HASH}/comments`,
    `${REPO}/commit/${HASH}/statuses`,
    `${REPO}/commits/main/extra`,
    `${REPO}/diff`,
    `${REPO}/diff/`,
    `${REPO}/diff/a..b..c`,
    `${REPO}/diffstat/acme/widgets/extra:${HASH}`,
    `${REPO}/refs`,
    `${REPO}/refs/heads`,
    `${REPO}/refs/branches/`,
    `${REPO}/pullrequests/0`,
    `${REPO}/pullrequests/abc`,
    `${REPO}/pullrequests/1/comments`,
    `${REPO}/pullrequests/1/activity`,
    `${REPO}/pullrequests/1/merge`,
    `${REPO}/pullrequests/1/approve`,
    `${REPO}/pullrequests/1/patch`,
    `${REPO}/pullrequests/1/diff/x`,
    `${REPO}/downloads`,
    `${REPO}/hooks`,
    `${REPO}/forks`,
  ])('refuses %s as not allowlisted', (target) => {
    expect(checkUpstreamTarget(target)).toMatchObject({ ok: false, code: 'path_not_allowed' });
  });

  it.each([
    [`${REPO}/src/${HASH}/../../../../user`, 'dot_segment'],
    [`${REPO}/src/${HASH}/docs/./guide.md`, 'dot_segment'],
    [`${REPO}/src/${HASH}/docs/.`, 'dot_segment'],
    [`${REPO}/src/${HASH}/docs%2f..%2f..%2fx`, 'dot_segment'],
    [`${REPO}/src/${HASH}/docs%2fguide.md`, 'encoded_slash'],
    [`${REPO}/src/${HASH}/%2e%2e/x`, 'encoded_dot'],
    [`${REPO}/src/${HASH}/docs//guide.md`, 'double_slash'],
    [`${REPO}/src/${HASH}/a%00.txt`, 'control_character'],
    [`${REPO}/src/${HASH}/a%0d%0aSet-Cookie:x`, 'control_character'],
    [`${REPO}/src/${HASH}/100%25.txt`, 'double_encoding'],
    [`${REPO}/src/${HASH}/a\\b`, 'backslash'],
    [`${REPO}/src/m@in/x`, 'userinfo'],
    [`${REPO}/refs/branches/%2e%2e%2f%2e%2e`, 'encoded_dot'],
    [`${REPO}/diff/${HASH}%0D${OLD}`, 'control_character'],
    [`${REPO}/diff/acme/widgets:${HASH}%0A${OLD}`, 'control_character'],
    [`${REPO}/diff/acme/widgets:main%0D${OLD}`, 'control_character'],
    [`${REPO}/diff/acme/widgets:${HASH}%0D${OLD}%0D${OLD}`, 'control_character'],
  ])('refuses the trick %s (%s) as a bad request', (target, reason) => {
    expect(checkUpstreamTarget(target)).toEqual({ ok: false, code: 'bad_request', reason });
  });

  it.each([
    [`${REPO}/src/${HASH}/?format=raw`, 'param_invalid'],
    [`${REPO}/src/${HASH}/?max_depth=0`, 'param_invalid'],
    [`${REPO}/src/${HASH}/?pagelen=-1`, 'param_invalid'],
    [`${REPO}/src/${HASH}/?pagelen=1&pagelen=2`, 'param_repeated'],
    [`${REPO}/src/${HASH}/?page=a%20b`, 'param_invalid'],
    [`${REPO}/commits?include=a..b`, 'param_invalid'],
    [`${REPO}/commits?include=`, 'param_invalid'],
    [`${REPO}/diff/${HASH}?context=many`, 'param_invalid'],
    [`${REPO}/diff/${HASH}?ignore_whitespace=1`, 'param_invalid'],
    [`${REPO}/diff/${HASH}?topic=true&topic=false`, 'param_repeated'],
    [`${REPO}/diff/${HASH}?from_pullrequest_id=x`, 'param_invalid'],
    [`${REPO}/pullrequests?state=open`, 'param_invalid'],
    [`${REPO}/pullrequests?state=ALL`, 'param_invalid'],
    [`${REPO}/refs/branches?sort=name%3Bdrop`, 'param_invalid'],
    [`${REPO}/refs/branches?sort=name;drop`, 'query_separator'],
    [`${REPO}/refs/branches?q=x;fields=*`, 'query_separator'],
    [`/2.0/repositories/acme?role=god`, 'param_invalid'],
  ])('refuses the malformed query of %s (%s) as a bad request', (target, reason) => {
    expect(checkUpstreamTarget(target)).toEqual({ ok: false, code: 'bad_request', reason });
  });

  it.each([
    `${REPO}/src/${HASH}/README.md?fields=values.path`,
    `${REPO}/src/${HASH}/README.md?at=main`,
    `${REPO}/commit/${HASH}?pagelen=10`,
    `${REPO}/refs/branches/main?q=x`,
    `${REPO}/pullrequests/1?fields=%2Breviewers`,
    `${REPO}/pullrequests?state=OPEN&merge=true`,
    `${REPO}/diff/${HASH}?callback=x`,
    '/2.0/user?fields=uuid',
    '/2.0/repositories/acme/widgets?x=1',
  ])('refuses an unknown query parameter on %s', (target) => {
    expect(checkUpstreamTarget(target)).toEqual({
      ok: false,
      code: 'path_not_allowed',
      reason: 'param_not_allowed',
    });
  });

  it('keeps the query string as sent, once checked', () => {
    expect(checkUpstreamTarget(`${REPO}/pullrequests?state=OPEN&state=MERGED`)).toEqual({
      ok: true,
      path: `${REPO}/pullrequests`,
      search: '?state=OPEN&state=MERGED',
    });
  });
});
