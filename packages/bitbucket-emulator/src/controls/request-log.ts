// Records every request the emulator receives, so tests can assert what a client sent (and did not send).
import type { MiddlewareHandler } from 'hono';

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  auth: 'bearer' | 'basic' | 'none';
  tokenInQuery: boolean;
  at: number;
  /**
   * The status answered (200, or 304 for a matching `If-None-Match`), so a benchmark can count full
   * answers; 0 when no answer was given (a dropped connection, or a hang the client gave up on); absent
   * while the request is still being answered.
   */
  status?: number;
}

export class RequestLog {
  private entries: RecordedRequest[] = [];

  add(entry: RecordedRequest): void {
    this.entries.push(entry);
  }

  all(): RecordedRequest[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.entries = [];
  }
}

function authKind(header: string | undefined): RecordedRequest['auth'] {
  const scheme = header?.trim().split(/\s+/, 1)[0]?.toLowerCase();
  if (scheme === 'bearer') return 'bearer';
  if (scheme === 'basic') return 'basic';
  return 'none';
}

/** Logs each request except the test controls themselves, which would only add noise. */
export function recordRequests(log: RequestLog, now: () => number): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (url.pathname.startsWith('/_emulator/')) {
      await next();
      return;
    }
    // Logged on arrival, so the order is that of the requests even when answers finish out of order.
    const entry: RecordedRequest = {
      method: c.req.method,
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      auth: authKind(c.req.header('authorization')),
      tokenInQuery: url.searchParams.has('access_token'),
      at: now(),
    };
    log.add(entry);
    try {
      await next();
    } catch (error) {
      // Only a request left unanswered on purpose gets here; `onError` answers everything else.
      entry.status = 0;
      throw error;
    }
    entry.status = c.res.status;
  };
}
