// `pnpm run doctor` as an operator runs it: the printed report, the exit codes, and never a secret on screen.
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEV_CONSUMER, PUBLIC_CONSUMER, createEmulator } from '@pail/bitbucket-emulator';
import { createMemoryStore } from '../session/memory-store';
import { testKey } from '../testing/keys';
import { runDoctorCli, type DoctorCliOptions } from './cli';

const BITBUCKET = 'https://bitbucket.emulator.test';
const PUBLIC_URL = 'https://pail.example.com';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A memory store whose clock the doctor's TTL wait moves, so no test waits a real second. */
function storeWithMovableClock(): Pick<DoctorCliOptions, 'openStore' | 'sleep'> {
  let now = Date.now();
  const store = createMemoryStore({ now: () => now });
  return {
    openStore: () => store,
    sleep: async (ms) => {
      now += ms;
    },
  };
}

async function doctor(
  argv: string[],
  env: Record<string, string | undefined>,
  overrides: Partial<DoctorCliOptions> = {},
): Promise<{ code: number; output: string }> {
  let output = '';
  const code = await runDoctorCli({
    argv,
    env,
    fetch: globalThis.fetch.bind(globalThis),
    write: (text) => {
      output += text;
    },
    ...storeWithMovableClock(),
    timeoutMs: 2_000,
    ...overrides,
  });
  return { code, output };
}

/** Settings for a deployment whose Bitbucket is an emulator reached through `fetch`. */
function deploymentEnv(clientId: string, clientSecret: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    PAIL_PUBLIC_URL: PUBLIC_URL,
    BITBUCKET_CLIENT_ID: clientId,
    BITBUCKET_CLIENT_SECRET: clientSecret,
    BITBUCKET_AUTHORIZE_URL: `${BITBUCKET}/site/oauth2/authorize`,
    BITBUCKET_TOKEN_URL: `${BITBUCKET}/site/oauth2/access_token`,
    BITBUCKET_API_URL: BITBUCKET,
    PAIL_SESSION_KEYS: testKey(3),
  };
}

function emulatorFetch(): typeof globalThis.fetch {
  return createEmulator({ origin: BITBUCKET, callbackUrl: `${PUBLIC_URL}/bff/callback` }).fetch;
}

describe('exit codes', () => {
  it('--emulator passes on a fresh clone: no settings at all', async () => {
    const { code, output } = await doctor(['--emulator'], {});
    expect(code).toBe(0);
    expect(output).toContain('checked against an in-process emulator at http://localhost:8090');
    expect(output).toContain('✓ client credentials: the emulator accepted client id pail-dev');
    expect(output).toContain('✓ redirect URI http://localhost:5173/bff/callback');
    // Generated session keys are worth a warning, not a failure.
    expect(output).toContain('! session keys: PAIL_SESSION_KEYS is not set');
    expect(output).toMatch(/No problems found \(1 warning\)\.\n$/);
  });

  it('1 when the development emulator is not running, saying how to start it', async () => {
    const port = await closedPort();
    const { code, output } = await doctor([], { PAIL_EMULATOR_URL: `http://127.0.0.1:${port}` });
    expect(code).toBe(1);
    expect(output).toContain(
      `✗ token endpoint http://127.0.0.1:${port}/site/oauth2/access_token: unreachable — nothing is listening at 127.0.0.1:${port} (connection refused)`,
    );
    expect(output).toContain('→ start the stack with `pnpm dev`');
    expect(output).toContain('pnpm run doctor --emulator');
    // One dead host is reported once; the checks behind it are skipped.
    expect(output).toContain(`– API http://127.0.0.1:${port}/2.0/user: not checked`);
    expect(output.match(/^✗/gm)).toHaveLength(1);
  });

  it('0 for a healthy deployment, 1 for a wrong secret', async () => {
    const good = await doctor([], deploymentEnv(DEV_CONSUMER.key, DEV_CONSUMER.secret), {
      fetch: emulatorFetch(),
    });
    expect(good.code).toBe(0);
    expect(good.output).toContain('No problems found.');
    const bad = await doctor([], deploymentEnv(DEV_CONSUMER.key, 'wrong-secret'), {
      fetch: emulatorFetch(),
    });
    expect(bad.code).toBe(1);
    expect(bad.output).toContain('wrong id or secret');
    expect(bad.output).toContain('1 problem: fix the lines marked ✗');
  });

  it('1 with every configuration problem listed when the settings do not parse', async () => {
    const { code, output } = await doctor([], { NODE_ENV: 'production' });
    expect(code).toBe(1);
    expect(output).toContain('✗ configuration:');
    expect(output).toContain('    - PAIL_PUBLIC_URL is required in production');
    expect(output).toContain('    - PAIL_SESSION_KEYS is required in production');
    expect(output).toContain('BITBUCKET_CLIENT_ID and BITBUCKET_CLIENT_SECRET are required');
  });

  it('2 for --emulator with a real consumer configured, and for an unknown option', async () => {
    const mixed = await doctor(['--emulator'], {
      BITBUCKET_CLIENT_ID: 'key',
      BITBUCKET_CLIENT_SECRET: 'secret',
    });
    expect(mixed.code).toBe(2);
    expect(mixed.output).toContain('Run `pnpm run doctor` without --emulator');
    const unknown = await doctor(['--fix'], {});
    expect(unknown.code).toBe(2);
    expect(unknown.output).toContain('Unknown option --fix');
    expect(unknown.output).toContain('Usage: pnpm run doctor [--emulator]');
  });
});

describe('the client secret', () => {
  const secret = 'Sx9kQ2vLr7TtP4mWc8ZnB3yH';

  it('never appears in the report, whatever the outcome', async () => {
    const outcomes = [
      // Refused: not the private consumer's secret.
      await doctor([], deploymentEnv(DEV_CONSUMER.key, secret), { fetch: emulatorFetch() }),
      // A public consumer, whose refusal is a warning.
      await doctor([], deploymentEnv(PUBLIC_CONSUMER.key, secret), { fetch: emulatorFetch() }),
      // A token endpoint that echoes what it was sent.
      await doctor([], deploymentEnv(DEV_CONSUMER.key, secret), {
        fetch: async (input, init) => {
          const url = new URL(String(input));
          if (url.pathname !== '/site/oauth2/access_token') return emulatorFetch()(input, init);
          const basic = new Headers(init?.headers).get('Authorization') ?? '';
          return Response.json(
            {
              error: 'invalid_client',
              error_description: `Unknown client ${atob(basic.replace('Basic ', ''))}`,
            },
            { status: 401 },
          );
        },
      }),
      // A configuration problem next to the secret.
      await doctor([], { ...deploymentEnv(DEV_CONSUMER.key, secret), PORT: 'x' }),
    ];
    for (const { output } of outcomes) {
      expect(output).not.toContain(secret);
      expect(output).not.toContain(secret.slice(2));
    }
    // Where the secret is named, it is masked: the first two characters and the length.
    expect(outcomes[0]?.output).toContain('Sx… (24 characters)');
    expect(outcomes[2]?.output).toContain('Sx… (24 characters)');
  });

  it("never shows the emulator consumer's secret either", async () => {
    const { output } = await doctor(['--emulator'], {});
    expect(output).not.toContain(DEV_CONSUMER.secret);
    expect(output).toContain('pa… (15 characters)');
  });
});

describe('the command', () => {
  const main = fileURLToPath(new URL('./main.ts', import.meta.url));
  /** The BFF package, where `tsx` resolves, as under `pnpm run doctor`. */
  const cwd = fileURLToPath(new URL('../..', import.meta.url));
  const run = promisify(execFile);

  it('runs as a process and exits with its status', async () => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    // Variables set (even empty) win over a developer's .env, so the run is the same on every machine.
    const blank = {
      NODE_ENV: '',
      BITBUCKET_CLIENT_ID: '',
      BITBUCKET_CLIENT_SECRET: '',
      PAIL_PUBLIC_URL: '',
      PAIL_SESSION_KEYS: testKey(4),
      PAIL_SESSION_STORE: '',
    };
    const passed = await run(process.execPath, ['--import', 'tsx', main, '--emulator'], {
      cwd,
      env: { ...env, ...blank, PAIL_EMULATOR_URL: '' },
    });
    expect(passed.stdout).toContain('No problems found.');

    const port = await closedPort();
    const failed = await run(process.execPath, ['--import', 'tsx', main], {
      cwd,
      env: { ...env, ...blank, PAIL_EMULATOR_URL: `http://127.0.0.1:${port}` },
    }).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('unreachable');
  }, 30_000);
});
