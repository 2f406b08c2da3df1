import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  SWAGGER_PATH,
  TABLE_PATH,
  generateOperationScopes,
  operationScopeRows,
  swaggerPresent,
} from '../../scripts/operation-scopes-codegen';
import { OPERATION_SCOPES } from './operation-scopes';

describe('the operation scope table', () => {
  it.skipIf(!swaggerPresent())(
    'has been generated: the committed table is exactly what swagger.json gives now',
    async () => {
      const description: unknown = JSON.parse(await readFile(SWAGGER_PATH, 'utf8'));
      const committed = await readFile(TABLE_PATH, 'utf8');
      expect(committed, 'stale: run pnpm --filter @pail/bitbucket-emulator gen:scopes').toBe(
        await generateOperationScopes(description),
      );
    },
  );

  it('holds the scopes FACTS.md lists for the endpoints a repository browser uses', () => {
    expect(OPERATION_SCOPES['GET /user']).toEqual({
      classic: ['account'],
      granular: ['read:user:bitbucket'],
    });
    expect(OPERATION_SCOPES['GET /repositories/{workspace}/{repo_slug}/pullrequests']).toEqual({
      classic: ['pullrequest'],
      granular: ['read:pullrequest:bitbucket'],
    });
    expect(
      OPERATION_SCOPES['GET /repositories/{workspace}/{repo_slug}/src/{commit}/{path}'],
    ).toEqual({ classic: ['repository'], granular: ['read:repository:bitbucket'] });
  });

  it('reads classic scopes from security and granular ones from x-atlassian-oauth2-scopes', () => {
    const rows = operationScopeRows({
      paths: {
        '/b/{id}': {
          parameters: [],
          delete: { security: [{ oauth2: [] }, { basic: [] }] },
          get: {
            security: [{ oauth2: ['issue', 'account'] }, { basic: [] }],
            'x-atlassian-oauth2-scopes': [
              {
                state: 'Current',
                scheme: 'oauth2',
                scopes: ['read:user:bitbucket', 'read:issue:bitbucket'],
              },
              { state: 'Beta', scheme: 'oauth2', scopes: ['read:future:bitbucket'] },
            ],
          },
        },
        '/a': { post: {} },
      },
    });
    expect(rows).toEqual([
      { key: 'POST /a', classic: [], granular: null },
      {
        key: 'GET /b/{id}',
        classic: ['account', 'issue'],
        granular: ['read:issue:bitbucket', 'read:user:bitbucket'],
      },
      { key: 'DELETE /b/{id}', classic: [], granular: null },
    ]);
    expect(() => operationScopeRows({})).toThrow(/no paths/);
  });
});
