import { describe, expect, it } from 'vitest';
import { readEnv } from './env';

describe('readEnv', () => {
  it('defaults to port 8090 on all interfaces, the matching origin and the dev callback', () => {
    expect(readEnv({})).toEqual({
      port: 8090,
      host: undefined,
      origin: 'http://localhost:8090',
      callbackUrl: 'http://localhost:5173/bff/callback',
      appPasswords: 'removed',
      revocationEndpoint: false,
      scale: false,
      faults: undefined,
    });
  });

  it('reads EMULATOR_FAULTS with the checks PUT /_emulator/faults makes, defaults filled in', () => {
    const env = readEnv({
      EMULATOR_FAULTS: '{"latencyMs":200,"rules":[{"target":"oauth","fault":"status","times":2}]}',
    });
    expect(env.faults).toEqual({
      latencyMs: 200,
      rules: [{ target: 'oauth', fault: 'status', status: 503, times: 2 }],
      rateLimit: null,
      maxDiffBytes: 1_000_000,
    });
    expect(() =>
      readEnv({ EMULATOR_FAULTS: '{"rules":[{"fault":"status","status":404}]}' }),
    ).toThrow(/EMULATOR_FAULTS: "rules\[0\]\.status" must be one of 500, 502, 503, 504/);
    expect(() => readEnv({ EMULATOR_FAULTS: 'latency=5' })).toThrow(
      /EMULATOR_FAULTS: The fault settings are not valid JSON/,
    );
  });

  it('derives the default origin from EMULATOR_PORT and honours every variable', () => {
    expect(readEnv({ EMULATOR_PORT: '9000' }).origin).toBe('http://localhost:9000');
    expect(
      readEnv({
        EMULATOR_PORT: '9000',
        HOST: '127.0.0.1',
        EMULATOR_ORIGIN: 'https://bb.example/',
        EMULATOR_CALLBACK_URL: 'https://pail.example/bff/callback',
        EMULATOR_APP_PASSWORDS: 'accepted',
        EMULATOR_REVOCATION: 'on',
        EMULATOR_SCALE: 'on',
      }),
    ).toEqual({
      port: 9000,
      host: '127.0.0.1',
      origin: 'https://bb.example',
      callbackUrl: 'https://pail.example/bff/callback',
      appPasswords: 'accepted',
      revocationEndpoint: true,
      scale: true,
    });
  });

  it('lists every problem at once', () => {
    expect(() =>
      readEnv({
        EMULATOR_PORT: 'eighty',
        EMULATOR_CALLBACK_URL: 'nope',
        EMULATOR_APP_PASSWORDS: 'yes',
        EMULATOR_REVOCATION: 'true',
        EMULATOR_SCALE: '1',
        EMULATOR_FAULTS: '{"rateLimit":{"limit":-1,"windowSeconds":60}}',
      }),
    ).toThrow(
      /EMULATOR_PORT[\s\S]*EMULATOR_ORIGIN[\s\S]*EMULATOR_CALLBACK_URL[\s\S]*EMULATOR_APP_PASSWORDS[\s\S]*EMULATOR_REVOCATION[\s\S]*EMULATOR_SCALE[\s\S]*EMULATOR_FAULTS: "rateLimit\.limit"/,
    );
  });
});
