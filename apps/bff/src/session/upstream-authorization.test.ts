import { describe, expect, it } from 'vitest';
import { basicAuthorization, upstreamAuthorization } from './upstream-authorization';
import type { SessionRecord } from './sessions';

const RECORD: SessionRecord = {
  v: 1,
  user: { uuid: '{u}', displayName: 'Zoë' },
  authMethod: 'oauth',
  scopes: [],
  accessToken: 'access-token',
  accessTokenExpiresAt: 0,
  createdAt: 0,
  lastSeenAt: 0,
  absoluteExpiresAt: 1,
};

describe('upstreamAuthorization', () => {
  it('sends an OAuth session as Bearer', () => {
    expect(upstreamAuthorization(RECORD)).toBe('Bearer access-token');
  });

  it('sends a token session as Basic user:token, UTF-8 encoded (RFC 7617)', () => {
    const header = upstreamAuthorization({
      ...RECORD,
      authMethod: 'token',
      basicUsername: 'zoë@example.com',
      accessToken: 'ATATT:with:colons',
    });
    expect(header).toBe(basicAuthorization('zoë@example.com', 'ATATT:with:colons'));
    expect(Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8')).toBe(
      'zoë@example.com:ATATT:with:colons',
    );
  });
});
