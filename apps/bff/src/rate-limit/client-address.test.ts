import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { BffEnv } from '../context';
import { addressBlock, clientAddress, UNKNOWN_CLIENT } from './client-address';

async function addressOf(
  trustedProxies: number,
  socket: string | undefined,
  forwardedFor?: string,
): Promise<string> {
  const app = new Hono<BffEnv>();
  app.get('/', (c) => c.text(clientAddress(c, trustedProxies)));
  const response = await app.request(
    '/',
    { headers: forwardedFor === undefined ? {} : { 'X-Forwarded-For': forwardedFor } },
    socket === undefined ? undefined : { incoming: { socket: { remoteAddress: socket } } },
  );
  return response.text();
}

describe('clientAddress', () => {
  it('is the socket address, whatever X-Forwarded-For claims, when no proxy is trusted', async () => {
    expect(await addressOf(0, '203.0.113.7', '198.51.100.1')).toBe('203.0.113.7');
    expect(await addressOf(0, undefined, '198.51.100.1')).toBe(UNKNOWN_CLIENT);
  });

  it('is the entry the trusted proxy appended, not one the client wrote', async () => {
    expect(await addressOf(1, '10.0.0.1', '203.0.113.7')).toBe('203.0.113.7');
    expect(await addressOf(1, '10.0.0.1', 'spoofed, 203.0.113.7')).toBe('203.0.113.7');
    expect(await addressOf(2, '10.0.0.1', 'spoofed, 203.0.113.7, 10.0.0.2')).toBe('203.0.113.7');
  });

  it('falls back to the leftmost hop when the chain is shorter than the proxies trusted', async () => {
    expect(await addressOf(2, '10.0.0.1', '203.0.113.7')).toBe('203.0.113.7');
    expect(await addressOf(1, '10.0.0.1')).toBe('10.0.0.1');
  });
});

describe('addressBlock', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:7:42::1', '2001:db8:7:42::/64'],
    ['2001:0DB8:0007:0042:ffff:ffff:ffff:fffe', '2001:db8:7:42::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    [UNKNOWN_CLIENT, UNKNOWN_CLIENT],
  ])('counts %s as %s', (address, block) => {
    expect(addressBlock(address)).toBe(block);
  });
});
