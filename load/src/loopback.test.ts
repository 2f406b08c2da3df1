import { describe, expect, it } from 'vitest';
import { isLoopbackHost, loopbackOrigin } from './loopback';

describe('the loopback guard', () => {
  it('accepts this machine under its loopback names', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', 'localhost', 'LOCALHOST', '[::1]', '::1']) {
      expect(isLoopbackHost(host)).toBe(true);
    }
    expect(loopbackOrigin('http://127.0.0.1:8641/readyz')).toBe('http://127.0.0.1:8641');
    expect(loopbackOrigin('ws://127.0.0.1:8642/abc')).toBe('ws://127.0.0.1:8642');
  });

  it('refuses any other host, however it is spelt', () => {
    for (const url of [
      'http://10.0.0.1:8641',
      'http://192.168.1.5',
      'http://0.0.0.0:8641',
      'http://[::]:8641',
      'http://[::ffff:127.0.0.1]:8641',
      'http://localhost.example.com',
      'http://127.0.0.1.nip.io',
      'http://pail.example.com',
    ]) {
      expect(() => loopbackOrigin(url), url).toThrow(/refusing/);
    }
  });

  it('refuses anything that is not plain http or ws', () => {
    expect(() => loopbackOrigin('https://127.0.0.1:8641')).toThrow(/plain http/);
    expect(() => loopbackOrigin('file:///etc/passwd')).toThrow(/plain http/);
    expect(() => loopbackOrigin('not a url')).toThrow(/not a URL/);
  });
});
