import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { BffEnv } from '../../context';
import { createHarness } from '../../testing/bff-harness';
import { signIn } from '../../testing/browser';
import { createMemoryLogger } from '../../testing/memory-logger';
import { REQUEST_ID_HEADER, requestLog } from './request-log';
import { measureUpstream } from './upstream-timing';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function requestLines(h: ReturnType<typeof createHarness>) {
  return h.logger.requests.map((entry) => entry.props);
}

describe('requestLog', () => {
  it('logs one line per request and returns its id on every answer, errors and 404s included', async () => {
    const h = createHarness();
    const answers = [
      await h.request('/healthz'),
      await h.request('/bff/session', { csrf: true }),
      await h.request('/api/2.0/user'),
      await h.request('/nowhere'),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 403, 404]);
    const lines = requestLines(h);
    expect(lines).toHaveLength(4);
    answers.forEach((answer, index) => {
      const id = answer.headers.get(REQUEST_ID_HEADER) ?? '';
      expect(id).toMatch(UUID);
      expect(lines[index]).toMatchObject({ requestId: id, status: answer.status });
    });
    expect(new Set(lines.map((line) => line.requestId)).size).toBe(4);
    expect(lines[0]).toEqual({
      requestId: expect.any(String),
      method: 'GET',
      path: '/healthz',
      route: '/healthz',
      status: 200,
      durationMs: 0,
      upstreamMs: 0,
    });
    expect(lines[1]).toMatchObject({ path: '/bff/session', route: '/bff/session' });
  });

  it('keeps an inbound request id only when it has the strict shape of one', async () => {
    const h = createHarness();
    const kept = await h.request('/healthz', {
      headers: { [REQUEST_ID_HEADER]: 'f3b9c2d4-1a2b-4c3d-9e8f-0a1b2c3d4e5f' },
    });
    expect(kept.headers.get(REQUEST_ID_HEADER)).toBe('f3b9c2d4-1a2b-4c3d-9e8f-0a1b2c3d4e5f');
    for (const forged of [
      'short',
      'x'.repeat(65),
      'abc def ghi jkl',
      'id-with"quote-and}brace',
      '../../etc/passwd',
      'abcdefgh\u00e9latin1',
      '-starts-with-dash',
    ]) {
      const response = await h.request('/healthz', { headers: { [REQUEST_ID_HEADER]: forged } });
      expect(response.headers.get(REQUEST_ID_HEADER), forged).toMatch(UUID);
    }
    expect(JSON.stringify(h.logger.requests)).not.toContain('passwd');
  });

  it('never logs a query string, a cookie or a code: the callback’s code and state stay out', async () => {
    const h = createHarness();
    const { jar } = await signIn(h);
    const callback = requestLines(h).find((line) => line.path === '/bff/callback');
    expect(callback).toMatchObject({ method: 'GET', status: 302 });
    await h.request('/bff/session?returnTo=%2Fprivate-query-marker', { jar, csrf: true });
    const logged = JSON.stringify(h.logger.requests);
    expect(logged).toContain('/bff/callback');
    expect(logged).not.toMatch(/code=|state=|private-query-marker/);
    expect(logged).not.toContain(jar.header() ?? 'no cookie');
    expect(h.leakedSecrets()).toEqual([]);
  });

  it('separates the time spent waiting on Bitbucket from the rest', async () => {
    const h = createHarness({
      upstream: async (call, forward) => {
        if (call.url.pathname === '/2.0/repositories/acme') h.clock.advance(120);
        return forward();
      },
    });
    const { jar } = await signIn(h);
    const before = requestLines(h).length;
    const response = await h.request('/api/2.0/repositories/acme', { jar, csrf: true });
    expect(response.status).toBe(200);
    const [line] = requestLines(h).slice(before);
    expect(line).toMatchObject({
      method: 'GET',
      path: '/api/2.0/repositories/acme',
      route: '/api/*',
      status: 200,
      upstreamMs: 120,
      durationMs: 120,
    });
    // The sign-in's own Bitbucket calls (token exchange, current user) count against its callback.
    const callback = requestLines(h).find((entry) => entry.path === '/bff/callback');
    expect(callback?.upstreamMs).toEqual(expect.any(Number));
  });

  it('adds up the upstream time of failed calls too, and logs a thrown request with its final status', async () => {
    let time = 0;
    const logger = createMemoryLogger();
    const app = new Hono<BffEnv>();
    app.use('*', requestLog({ logger, now: () => time }));
    app.get('/fails', async (c) => {
      await measureUpstream(c, async () => {
        time += 40;
      });
      await measureUpstream(c, async () => {
        time += 25;
        throw new Error('upstream down');
      });
      return c.text('unreachable');
    });
    app.onError((_, c) => c.json({ error: 'x' }, 502));
    const response = await app.request('/fails');
    expect(response.status).toBe(502);
    expect(logger.entries).toEqual([]);
    expect(logger.requests).toEqual([
      {
        level: 'info',
        event: 'request',
        props: expect.objectContaining({ status: 502, upstreamMs: 65, durationMs: 65 }),
      },
    ]);
    expect(response.headers.get(REQUEST_ID_HEADER)).toBe(logger.requests[0]?.props.requestId);
  });
});
