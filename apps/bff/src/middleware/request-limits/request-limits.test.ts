import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { BffError, errorBody } from '../../errors';
import { requestLimitError, requestLimits } from './request-limits';

function app() {
  const hono = new Hono();
  hono.use(
    '*',
    requestLimits({ maxUrlBytes: 20, maxHeaderBytes: 200, maxCookieBytes: 50, maxBodyBytes: 10 }),
  );
  hono.all('*', async (c) => c.text(`read ${(await c.req.text()).length}`));
  hono.onError((error, c) =>
    error instanceof BffError ? c.json(errorBody(error.code), error.status) : c.text('boom', 500),
  );
  return hono;
}

describe('requestLimits', () => {
  it('counts the path and query as sent, up to and including the bound', async () => {
    expect((await app().request(`/${'a'.repeat(19)}`)).status).toBe(200);
    expect((await app().request(`/${'a'.repeat(20)}`)).status).toBe(414);
    // Seven characters, but 22 bytes on the wire: each é travels percent-encoded as %C3%A9.
    expect((await app().request('/?q=ééé')).status).toBe(414);
  });

  it('answers 431 to one oversized cookie header and to too many header bytes in all', async () => {
    expect((await app().request('/', { headers: { Cookie: 'a='.padEnd(50, 'x') } })).status).toBe(
      200,
    );
    expect((await app().request('/', { headers: { Cookie: 'a='.padEnd(51, 'x') } })).status).toBe(
      431,
    );
    const headers = { 'X-A': 'x'.repeat(90), 'X-B': 'x'.repeat(90), 'X-C': 'x'.repeat(90) };
    expect((await app().request('/', { headers })).status).toBe(431);
  });

  it('lets a body up to the bound reach the handler, and answers 413 beyond it', async () => {
    const ok = await app().request('/', { method: 'POST', body: '0123456789' });
    expect(await ok.text()).toBe('read 10');
    const tooBig = await app().request('/', { method: 'POST', body: '0123456789A' });
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });
});

describe('requestLimitError', () => {
  it('counts UTF-8 bytes as the wire carries them, for every kind of character', () => {
    // One character each of one, two, three and four bytes, and a lone surrogate (sent as U+FFFD, 3 bytes).
    for (const [text, bytes] of [
      ['a', 1],
      ['é', 2],
      ['€', 3],
      ['😀', 4],
      ['\ud800', 3],
    ] as const) {
      const atBound = text.repeat(6);
      const limit = bytes * 6;
      expect(requestLimitError(atBound, [], { maxUrlBytes: limit })).toBeUndefined();
      expect(requestLimitError(`${atBound}a`, [], { maxUrlBytes: limit })?.status).toBe(414);
      const header: [string, string] = ['x-name', atBound];
      const headerBytes = 'x-name'.length + limit + 4;
      expect(requestLimitError('/', [header], { maxHeaderBytes: headerBytes })).toBeUndefined();
      expect(requestLimitError('/', [header], { maxHeaderBytes: headerBytes - 1 })?.status).toBe(
        431,
      );
    }
  });
});
