import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-client';
import type { ApiErrorInit } from './api-client';
import { createConnectivityMonitor } from './connectivity';

function failure(init: Partial<ApiErrorInit> & { status: number }): ApiError {
  return new ApiError({ code: 'http_error', message: 'failed', source: 'bff', ...init });
}

const upstreamDown = () => failure({ status: 502, code: 'upstream_unavailable' });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the app's view of Bitbucket's health", () => {
  it('calls Bitbucket slow only while one of its calls has waited 3 s, not for calls to Pail itself', () => {
    const monitor = createConnectivityMonitor();
    const session = monitor.callStarted('/bff/session');
    vi.advanceTimersByTime(10_000);
    expect(monitor.getState().slow).toBe(false);

    const first = monitor.callStarted('/api/2.0/repositories/acme');
    const second = monitor.callStarted('/api/2.0/repositories/acme/widgets');
    vi.advanceTimersByTime(2_999);
    expect(monitor.getState().slow).toBe(false);
    vi.advanceTimersByTime(1);
    expect(monitor.getState().slow).toBe(true);

    first.succeeded();
    expect(monitor.getState().slow).toBe(true);
    second.ended();
    expect(monitor.getState().slow).toBe(false);
    session.succeeded();
  });

  it('keeps Bitbucket unavailable until a call to Bitbucket is answered; an answer from Pail alone is not enough', () => {
    const monitor = createConnectivityMonitor();
    monitor.callStarted('/api/2.0/repositories/acme').failed(upstreamDown());
    expect(monitor.getState().outage?.kind).toBe('bitbucket');

    monitor.callStarted('/bff/session').succeeded();
    expect(monitor.getState().outage?.kind).toBe('bitbucket');

    // A 404 is an answer: Bitbucket is back.
    monitor
      .callStarted('/api/2.0/repositories/acme/nope')
      .failed(failure({ status: 404, code: 'not_found', source: 'bitbucket' }));
    expect(monitor.getState().outage).toBeNull();
  });

  it('tells a new outage apart from the one already shown, so a dismissed banner can return', () => {
    const monitor = createConnectivityMonitor();
    monitor.callStarted('/api/2.0/a').failed(upstreamDown());
    const first = monitor.getState().outage;
    monitor.callStarted('/api/2.0/b').failed(upstreamDown());
    expect(monitor.getState().outage).toBe(first);

    monitor.callStarted('/api/2.0/c').succeeded();
    monitor.callStarted('/api/2.0/d').failed(upstreamDown());
    expect(monitor.getState().outage?.episode).not.toBe(first?.episode);
  });

  it('holds a 429 from the API until Retry-After (30 s when absent), ignoring 429s elsewhere', () => {
    const monitor = createConnectivityMonitor();
    monitor
      .callStarted('/bff/login-token')
      .failed(failure({ status: 429, code: 'rate_limited', retryAfterSeconds: 60 }));
    expect(monitor.getState().rateLimit).toBeNull();

    const start = Date.now();
    monitor
      .callStarted('/api/2.0/repositories/acme')
      .failed(failure({ status: 429, code: 'rate_limited', source: 'bitbucket' }));
    expect(monitor.getState().rateLimit).toEqual({ until: start + 30_000, from: 'bitbucket' });

    // A retry that was itself limited moves the end; the settled retry of the earlier wait changes nothing.
    vi.advanceTimersByTime(30_000);
    monitor
      .callStarted('/api/2.0/repositories/acme')
      .failed(failure({ status: 429, code: 'rate_limited', retryAfterSeconds: 5 }));
    monitor.rateLimitRetried(start + 30_000);
    expect(monitor.getState().rateLimit?.until).toBe(start + 35_000);
    monitor.rateLimitRetried(start + 35_000);
    expect(monitor.getState().rateLimit).toBeNull();
  });

  it('reports each call once, and notifies only on change', () => {
    const monitor = createConnectivityMonitor();
    const listener = vi.fn();
    monitor.subscribe(listener);
    const call = monitor.callStarted('/api/2.0/a');
    call.failed(upstreamDown());
    call.succeeded();
    expect(monitor.getState().outage?.kind).toBe('bitbucket');
    monitor.callStarted('/api/2.0/b').failed(upstreamDown());
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
