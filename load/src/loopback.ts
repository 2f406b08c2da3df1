// The load test only ever talks to this machine: every address it is given is checked before use.
import { isIP } from 'node:net';

/** 127.0.0.0/8, `::1` and `localhost`, nothing else (no name that DNS could point elsewhere). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.split('.')[0] === '127';
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/** Returns the URL's origin when it names this machine over http or ws; throws, saying why, otherwise. */
export function loopbackOrigin(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`refusing "${url}": not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'ws:') {
    throw new Error(
      `refusing ${parsed.origin}: the load test speaks plain http to this machine only`,
    );
  }
  if (!isLoopbackHost(parsed.hostname)) {
    throw new Error(
      `refusing ${parsed.host}: the load test runs against loopback addresses only (127.0.0.0/8, ::1, localhost)`,
    );
  }
  return `${parsed.protocol}//${parsed.host}`;
}
