import { describe, expect, it } from 'vitest';
import {
  connectionErrorCode,
  retryableAnswer,
  retryableFailure,
  retryAfterSeconds,
  retryPauseMs,
  unavailableError,
} from './upstream-failures';

const NOW = Date.UTC(2026, 9, 1, 9, 0, 0);

function answer(status: number, retryAfter?: string): Response {
  return new Response(null, {
    status,
    headers: retryAfter === undefined ? {} : { 'Retry-After': retryAfter },
  });
}

function fetchFailed(code: string): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
}

describe('retryAfterSeconds', () => {
  it.each([
    [null, undefined],
    ['0', 0],
    ['120', 120],
    [' 7 ', 7],
    ['-1', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['1234567890123', undefined],
    ['Thu, 01 Oct 2026 09:00:30 GMT', 30],
    ['Thu, 01 Oct 2026 08:59:00 GMT', 0],
  ])('reads %j as %j', (value, seconds) => {
    expect(retryAfterSeconds(value, NOW)).toBe(seconds);
  });
});

describe('retryableAnswer', () => {
  it.each([
    [502, undefined, 'status_502'],
    [503, undefined, 'status_503'],
    [503, '1', 'status_503'],
    [503, '2', undefined],
    [503, 'Thu, 01 Oct 2026 09:01:00 GMT', undefined],
    [500, undefined, undefined],
    [504, undefined, undefined],
    [555, undefined, undefined],
    [429, '1', undefined],
    [404, undefined, undefined],
    [401, undefined, undefined],
    [200, undefined, undefined],
  ])('%i with Retry-After %j → %j', (status, retryAfter, reason) => {
    expect(retryableAnswer(answer(status, retryAfter), NOW)).toBe(reason);
  });
});

describe('retryableFailure', () => {
  it.each(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'])(
    'retries a fetch that failed with %s',
    (code) => {
      expect(retryableFailure(fetchFailed(code))).toBe(code);
    },
  );

  it.each(['ENOTFOUND', 'CERT_HAS_EXPIRED', 'UND_ERR_HEADERS_TIMEOUT'])(
    'does not retry %s: it will not fix itself in a moment',
    (code) => {
      expect(retryableFailure(fetchFailed(code))).toBeUndefined();
    },
  );

  it("retries Workers' lost connection, which names no code", () => {
    expect(retryableFailure(new Error('Network connection lost.'))).toBe('connection_lost');
    expect(retryableFailure(new TypeError('fetch failed'))).toBeUndefined();
  });

  it('finds the code along the cause chain, not past a few links', () => {
    const deep = new Error('outer', { cause: fetchFailed('ECONNRESET') });
    expect(connectionErrorCode(deep)).toBe('ECONNRESET');
    expect(connectionErrorCode('ECONNRESET')).toBeUndefined();
  });
});

describe('retryPauseMs', () => {
  it('stays within 100–300 ms whatever the random source gives', () => {
    expect(retryPauseMs(0)).toBe(100);
    expect(retryPauseMs(0.5)).toBe(200);
    expect(retryPauseMs(0.999_999)).toBe(299);
    expect(retryPauseMs(-3)).toBe(100);
    expect(retryPauseMs(7)).toBe(300);
  });
});

describe('unavailableError', () => {
  it('is a 502 naming Bitbucket’s status, with its Retry-After in seconds', () => {
    const error = unavailableError(answer(503, 'Thu, 01 Oct 2026 09:00:42 GMT'), NOW);
    expect(error).toMatchObject({ code: 'upstream_unavailable', status: 502 });
    expect(error.message).toContain('503');
    expect(error.headers).toEqual({ 'Retry-After': '42' });
    expect(unavailableError(answer(500), NOW).headers).toEqual({});
    expect(unavailableError(answer(504, 'never'), NOW).headers).toEqual({});
  });
});
