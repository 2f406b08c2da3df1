import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { BffEnv } from './context';
import { peerAddress, receivedTargets } from './request-source';
import { PUBLIC_URL, createHarness } from './testing/bff-harness';
import { signIn } from './testing/browser';

/**
 * A request as workerd hands it to the Worker: its URL is the target's text as received (literal dot
 * segments resolved, `%2e%2e`, `%2F` and `\` kept), where Node's `new Request()` would normalise it.
 */
function asWorkerdDelivers(target: string, headers: Record<string, string> = {}): Request {
  const request = new Request(`${PUBLIC_URL}/`, { headers });
  Object.defineProperty(request, 'url', { value: `${PUBLIC_URL}${target}` });
  return request;
}

function probe() {
  const app = new Hono<BffEnv>();
  app.get('*', (c) => c.json({ targets: receivedTargets(c), peer: peerAddress(c) ?? null }));
  return app;
}

describe('receivedTargets and peerAddress', () => {
  it('give the target as sent on Workers, Node’s raw target on Node, each once', async () => {
    const onWorkers = await probe().fetch(
      asWorkerdDelivers('/api/2.0/repositories/%2e%2e/acme?q=1'),
    );
    expect(await onWorkers.json()).toEqual({
      targets: ['/api/2.0/repositories/%2e%2e/acme?q=1'],
      peer: null,
    });

    const onNode = await probe().request('/api/2.0/user', undefined, {
      incoming: { url: '/api/2.0/repositories/%2e%2e/user', socket: { remoteAddress: '10.0.0.7' } },
    });
    expect(await onNode.json()).toEqual({
      targets: ['/api/2.0/repositories/%2e%2e/user', '/api/2.0/user'],
      peer: '10.0.0.7',
    });
  });

  it('take the client address from the Workers binding, never from a CF-Connecting-IP header alone', async () => {
    const spoofed = await probe().request('/', { headers: { 'CF-Connecting-IP': '198.51.100.1' } });
    expect(((await spoofed.json()) as { peer: unknown }).peer).toBeNull();
    const onWorkers = await probe().request('/', undefined, {
      cloudflare: { connectingIp: '203.0.113.7' },
    });
    expect(((await onWorkers.json()) as { peer: unknown }).peer).toBe('203.0.113.7');
  });
});

describe('path tricks in the target as workerd delivers it', () => {
  it.each([
    '/api/2.0/repositories/%2e%2e/acme',
    '/api/2.0/repositories/acme/widgets/src/main/docs/%2e%2e/%2e%2e/%2e%2e/%2e%2e/user',
    '/api/2.0/repositories/%5c%5cevil.test',
    '/api/2.0/repositories/acme\\widgets',
  ])('refuses %s on /api with 400 before any upstream call', async (target) => {
    const h = createHarness();
    const { jar } = await signIn(h);
    const before = h.apiRequests().length;
    const response = await h.app.fetch(
      asWorkerdDelivers(target, { Cookie: jar.header() ?? '', 'X-CSRF': '1' }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'bad_request' } });
    expect(h.apiRequests()).toHaveLength(before);
  });

  it.each([
    '/acme/widgets/raw/main/docs/%2e%2e/README.md',
    '/acme/widgets/raw/main/docs\\README.md',
  ])('refuses the raw file %s with 400 before any upstream call', async (target) => {
    const h = createHarness();
    const { jar } = await signIn(h);
    const before = h.apiRequests().length;
    const response = await h.app.fetch(asWorkerdDelivers(target, { Cookie: jar.header() ?? '' }));
    expect(response.status).toBe(400);
    expect(h.apiRequests()).toHaveLength(before);
  });
});
