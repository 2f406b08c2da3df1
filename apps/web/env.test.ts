import { describe, expect, it } from 'vitest';
import { readWebDevEnv } from './env';

describe('readWebDevEnv', () => {
  it('defaults to port 5173 and a BFF on localhost:8080', () => {
    expect(readWebDevEnv({})).toEqual({ port: 5173, bffUrl: 'http://localhost:8080' });
  });

  it('reads PAIL_WEB_PORT and PAIL_BFF_URL', () => {
    expect(
      readWebDevEnv({ PAIL_WEB_PORT: '3000', PAIL_BFF_URL: 'http://127.0.0.1:9000/' }),
    ).toEqual({ port: 3000, bffUrl: 'http://127.0.0.1:9000' });
  });

  it('lists every problem at once', () => {
    expect(() => readWebDevEnv({ PAIL_WEB_PORT: '70000', PAIL_BFF_URL: 'ftp://x/y' })).toThrow(
      /PAIL_WEB_PORT must be a port number[\s\S]*PAIL_BFF_URL must be the BFF's origin/,
    );
  });
});
