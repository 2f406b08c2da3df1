import { describe, expect, it } from 'vitest';
import { isApiCall, repeatedCalls, responseKinds } from './upstream-calls';

const get = (path: string, query = '', status?: number) => ({ method: 'GET', path, query, status });

describe('repeatedCalls', () => {
  it('counts each exact repeat of method, path and query', () => {
    expect(
      repeatedCalls([
        get('/2.0/repositories/acme'),
        get('/2.0/repositories/acme', 'page=2'),
        get('/2.0/repositories/acme'),
        get('/2.0/repositories/acme'),
      ]),
    ).toEqual(['GET /2.0/repositories/acme', 'GET /2.0/repositories/acme']);
  });

  it('finds none on a page whose calls all differ', () => {
    expect(repeatedCalls([get('/2.0/user'), get('/2.0/user/workspaces')])).toEqual([]);
  });
});

describe('responseKinds', () => {
  it('splits full responses from revalidated ones', () => {
    expect(
      responseKinds([
        get('/a', '', 200),
        get('/b', '', 304),
        get('/c', '', 304),
        get('/d', '', 404),
      ]),
    ).toEqual({ full: 1, notModified: 2 });
  });

  it('says nothing when the log does not record statuses', () => {
    expect(responseKinds([get('/a')])).toBeUndefined();
  });
});

describe('isApiCall', () => {
  it('counts REST calls and token grants, not the browser’s consent page or avatar images', () => {
    expect(isApiCall(get('/2.0/repositories/acme'))).toBe(true);
    expect(isApiCall({ ...get('/site/oauth2/access_token'), method: 'POST' })).toBe(true);
    expect(isApiCall(get('/site/oauth2/authorize'))).toBe(false);
    expect(isApiCall(get('/avatars/repositories/acme/widgets.svg'))).toBe(false);
  });
});
