// `pnpm run doctor [--emulator]`: argument handling and the printed report; the entrypoint injects the world.
import { parseConfig, type Config } from '../env';
import type { FetchLike } from '../oauth/oauth-client';
import type { CheckDeps } from './checks';
import { formatReport, exitCodeFor } from './report';
import { runDoctor } from './run-doctor';

/** Each outbound request gets this long; the BFF itself allows 15 s. */
export const DOCTOR_TIMEOUT_MS = 10_000;

/** 0: no problem (warnings allowed); 1: at least one check failed; 2: the command itself was misused. */
export type DoctorExitCode = 0 | 1 | 2;

export interface DoctorCliOptions {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  fetch: FetchLike;
  write: (text: string) => void;
  openStore: CheckDeps['openStore'];
  /** Waits (the store check waits out a one-second TTL); injected so tests need not. */
  sleep?: CheckDeps['sleep'];
  timeoutMs?: number;
  /** Where settings came from besides the environment (`.env`), for the heading. */
  envFile?: string;
}

const USAGE = `Usage: pnpm run doctor [--emulator]

Checks the configuration the BFF would start with (environment and .env): every variable, the token
endpoint, the OAuth consumer's id and secret, the API, the redirect URI, https, the session keys and the
session store. Exits 0 when nothing failed, 1 when a check failed.

  --emulator   check against an in-process Bitbucket emulator instead of the one at PAIL_EMULATOR_URL
               (development settings only: no BITBUCKET_* variables)
`;

export async function runDoctorCli(options: DoctorCliOptions): Promise<DoctorExitCode> {
  const flags = new Set(options.argv.filter((arg) => arg !== '--'));
  if (flags.has('--help') || flags.has('-h')) {
    options.write(USAGE);
    return 0;
  }
  const unknown = [...flags].filter((flag) => flag !== '--emulator');
  if (unknown.length > 0) {
    options.write(`Unknown option ${unknown.join(', ')}.\n\n${USAGE}`);
    return 2;
  }

  let emulatorFetch: FetchLike | undefined;
  if (flags.has('--emulator')) {
    const parsed = parseConfig(options.env);
    if (parsed.ok && parsed.config.bitbucket.mode !== 'emulator') {
      options.write(
        'pnpm run doctor --emulator checks development settings against an in-process emulator, but this\n' +
          'configuration names an OAuth consumer (BITBUCKET_CLIENT_ID) or is for production.\n' +
          'Run `pnpm run doctor` without --emulator to check it against Bitbucket.\n',
      );
      return 2;
    }
    if (parsed.ok) emulatorFetch = await inProcessEmulatorFetch(parsed.config);
  }

  const { config, results } = await runDoctor(options.env, {
    fetch: emulatorFetch ?? options.fetch,
    timeoutMs: options.timeoutMs ?? DOCTOR_TIMEOUT_MS,
    openStore: options.openStore,
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
  });
  const source = options.envFile ? `the environment and ${options.envFile}` : 'the environment';
  let heading = `Pail doctor: the settings from ${source}`;
  if (config !== undefined) {
    const { mode, apiOrigin } = config.bitbucket;
    const target =
      emulatorFetch !== undefined
        ? `an in-process emulator at ${apiOrigin}`
        : mode === 'emulator'
          ? `the emulator at ${apiOrigin}`
          : `Bitbucket at ${apiOrigin}`;
    heading += `, checked against ${target}`;
  }
  options.write(formatReport(heading, results));
  return exitCodeFor(results);
}

/**
 * Like `pnpm dev`, the emulator's consumer registers `${PAIL_PUBLIC_URL}/bff/callback`; the emulator is
 * loaded only for this flag, so a deployment's doctor never imports it.
 */
async function inProcessEmulatorFetch(config: Config): Promise<FetchLike> {
  const { createEmulator } = await import('@pail/bitbucket-emulator');
  const emulator = createEmulator({
    origin: config.bitbucket.apiOrigin,
    callbackUrl: config.redirectUri,
  });
  return emulator.fetch;
}
