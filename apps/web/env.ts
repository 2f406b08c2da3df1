// The web dev server's settings (port, BFF address), read once from the environment with readable errors.

export interface WebDevEnv {
  /** Port Vite listens on; the browser's single origin in development. */
  port: number;
  /** Where `/bff/*` and `/api/*` are proxied: the BFF's own origin. */
  bffUrl: string;
}

const DEFAULT_PORT = 5173;
const DEFAULT_BFF_URL = 'http://localhost:8080';

/** Reads `PAIL_WEB_PORT` and `PAIL_BFF_URL`; throws one error listing every problem. */
export function readWebDevEnv(env: Record<string, string | undefined> = process.env): WebDevEnv {
  const problems: string[] = [];

  const rawPort = env.PAIL_WEB_PORT?.trim();
  let port = DEFAULT_PORT;
  if (rawPort) {
    port = Number(rawPort);
    if (!/^\d+$/.test(rawPort) || port < 1 || port > 65535) {
      problems.push(`PAIL_WEB_PORT must be a port number between 1 and 65535, got "${rawPort}".`);
    }
  }

  const rawBffUrl = env.PAIL_BFF_URL?.trim() || DEFAULT_BFF_URL;
  let bffUrl = DEFAULT_BFF_URL;
  try {
    const url = new URL(rawBffUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
    if (url.pathname !== '/' || url.search || url.hash) throw new Error('has a path');
    bffUrl = url.origin;
  } catch {
    problems.push(
      `PAIL_BFF_URL must be the BFF's origin, like http://localhost:8080 (no path), got "${rawBffUrl}".`,
    );
  }

  if (problems.length > 0) {
    throw new Error(`The web dev server cannot start:\n  - ${problems.join('\n  - ')}`);
  }
  return { port, bffUrl };
}
