// The only module that reads process.env: the emulator server's port, host, origin, callback URL, app
// password mode, revocation endpoint, scale fixtures and faults.
import type { AppPasswordMode } from './auth/basic-credentials';
import { parseFaultSettingsJson } from './faults/fault-settings';
import type { FaultSettings } from './faults/fault-settings';

export interface EmulatorEnv {
  port: number;
  /** Interface to bind; undefined listens on all interfaces. */
  host: string | undefined;
  origin: string;
  callbackUrl: string;
  /** `EMULATOR_APP_PASSWORDS`: `removed` (default) or `accepted`. */
  appPasswords: AppPasswordMode;
  /** `EMULATOR_REVOCATION=on` serves `/site/oauth2/revoke` (RFC 7009); default off. */
  revocationEndpoint: boolean;
  /** `EMULATOR_SCALE=on` adds the scale fixtures (`bigcorp`, 10,000 repositories) used by `pnpm bench`; default off. */
  scale: boolean;
  /** `EMULATOR_FAULTS`: fault settings as JSON (as `PUT /_emulator/faults` takes them); default none. */
  faults: FaultSettings | undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Reads and validates the environment; throws one error listing every problem. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): EmulatorEnv {
  const problems: string[] = [];
  const rawPort = env.EMULATOR_PORT ?? '8090';
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port < 1 || port > 65535) {
    problems.push(`EMULATOR_PORT must be a port number (1–65535), got "${rawPort}".`);
  }
  const origin = env.EMULATOR_ORIGIN ?? `http://localhost:${rawPort}`;
  if (!isHttpUrl(origin)) problems.push(`EMULATOR_ORIGIN must be an http(s) URL, got "${origin}".`);
  const callbackUrl = env.EMULATOR_CALLBACK_URL ?? 'http://localhost:5173/bff/callback';
  if (!isHttpUrl(callbackUrl)) {
    problems.push(`EMULATOR_CALLBACK_URL must be an http(s) URL, got "${callbackUrl}".`);
  }
  const appPasswords = env.EMULATOR_APP_PASSWORDS ?? 'removed';
  if (appPasswords !== 'removed' && appPasswords !== 'accepted') {
    problems.push(`EMULATOR_APP_PASSWORDS must be "removed" or "accepted", got "${appPasswords}".`);
  }
  const revocation = env.EMULATOR_REVOCATION ?? 'off';
  if (revocation !== 'on' && revocation !== 'off') {
    problems.push(`EMULATOR_REVOCATION must be "on" or "off", got "${revocation}".`);
  }
  const scale = env.EMULATOR_SCALE ?? 'off';
  if (scale !== 'on' && scale !== 'off') {
    problems.push(`EMULATOR_SCALE must be "on" or "off", got "${scale}".`);
  }
  let faults: FaultSettings | undefined;
  if (env.EMULATOR_FAULTS !== undefined && env.EMULATOR_FAULTS.trim() !== '') {
    try {
      faults = parseFaultSettingsJson(env.EMULATOR_FAULTS);
    } catch (error) {
      problems.push(`EMULATOR_FAULTS: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`The emulator's environment is invalid:\n- ${problems.join('\n- ')}`);
  }
  const host = env.HOST && env.HOST.trim() !== '' ? env.HOST : undefined;
  return {
    port,
    host,
    origin: new URL(origin).origin,
    callbackUrl,
    appPasswords: appPasswords as AppPasswordMode,
    revocationEndpoint: revocation === 'on',
    scale: scale === 'on',
    faults,
  };
}
