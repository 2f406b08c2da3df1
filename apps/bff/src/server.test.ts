import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testKey } from './testing/keys';

const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

/** Starts the real Node entrypoint with only `env`; resolves once it exits (it must, here). */
function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      [SERVER],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 },
      (error, _stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr });
      },
    );
  });
}

describe('server.ts in production', () => {
  it('refuses to start, saying why, when a URL is not https', async () => {
    const { code, stderr } = await start({
      NODE_ENV: 'production',
      PAIL_PUBLIC_URL: 'http://pail.example.com',
      BITBUCKET_CLIENT_ID: 'consumer-key',
      BITBUCKET_CLIENT_SECRET: 'consumer-secret',
      BITBUCKET_API_URL: 'http://api.example.com',
      PAIL_SESSION_KEYS: testKey(1),
    });
    expect(code).toBe(1);
    expect(stderr).toContain('Pail BFF cannot start; fix the environment:');
    expect(stderr).toContain(
      'PAIL_PUBLIC_URL must use https in production: "http://pail.example.com"',
    );
    expect(stderr).toContain(
      'BITBUCKET_API_URL must use https in production: "http://api.example.com"',
    );
    expect(stderr).not.toContain('consumer-secret');
    expect(stderr).not.toContain(testKey(1));
  }, 30_000);
});
