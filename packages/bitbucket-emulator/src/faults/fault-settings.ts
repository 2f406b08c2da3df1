// The fault settings (latency, failing answers, dropped connections, a rate limit, the diff size cap) and their validation.
import { DEFAULT_MAX_DIFF_BYTES } from '../api/commit-routes';

export type FaultTarget = 'api' | 'oauth';
export type FaultKind = 'status' | 'reset' | 'hang' | 'latency';
export type FaultStatus = 500 | 502 | 503 | 504;

export interface FaultRule {
  /** Which requests: `api` = everything under /2.0/ (default); `oauth` = /site/oauth2/access_token and /site/oauth2/revoke. */
  target?: FaultTarget;
  /** Only paths starting with this (e.g. "/2.0/repositories/acme/widgets/src"); default: every path of the target. */
  path?: string;
  /**
   * status: answer `status` with Bitbucket's error body; reset: destroy the connection with no answer;
   * hang: never answer (until the client gives up); latency: add `latencyMs` then answer normally.
   */
  fault: FaultKind;
  /** For fault `status` (default 503). */
  status?: FaultStatus;
  /** For fault `status`: sends `Retry-After`. */
  retryAfterSeconds?: number;
  /** For fault `latency` (required there). */
  latencyMs?: number;
  /** Applies to this many matching requests, then stops applying (default: every matching request). */
  times?: number;
}

export interface RateLimitSettings {
  limit: number;
  windowSeconds: number;
}

export interface FaultSettings {
  /** Added to every answer under /2.0/ and the OAuth endpoints (before any rule). Default 0. */
  latencyMs?: number;
  rules?: FaultRule[];
  /**
   * Bitbucket's rolling-hour limit, scaled down: at most `limit` calls per user per `windowSeconds` to
   * /2.0/repositories/*; raw files (`/src/{commit}/{path}` answering a file) have their own budget of
   * 5×limit. null/absent = off.
   */
  rateLimit?: RateLimitSettings | null;
  /** Diffs larger than this many bytes answer 555 (default: the emulator's `maxDiffBytes` option). */
  maxDiffBytes?: number;
}

/** Settings with every default filled in: what `faults()` reports as in force. */
export interface FaultsInForce {
  latencyMs: number;
  rules: FaultRule[];
  rateLimit: RateLimitSettings | null;
  maxDiffBytes: number;
}

/** Invalid settings; the message names the field and what it must be. */
export class FaultSettingsError extends Error {
  readonly code = 'invalid_fault_settings';
  constructor(message: string) {
    super(message);
    this.name = 'FaultSettingsError';
  }
}

export const FAULT_STATUSES: readonly FaultStatus[] = [500, 502, 503, 504];
const TARGETS: readonly FaultTarget[] = ['api', 'oauth'];
const KINDS: readonly FaultKind[] = ['status', 'reset', 'hang', 'latency'];
const SETTINGS_FIELDS = ['latencyMs', 'rules', 'rateLimit', 'maxDiffBytes'];
const RULE_FIELDS = [
  'target',
  'path',
  'fault',
  'status',
  'retryAfterSeconds',
  'latencyMs',
  'times',
];
const RATE_LIMIT_FIELDS = ['limit', 'windowSeconds'];
/** Node's timers fire at once above this, so a longer latency would be no latency at all. */
const MAX_DELAY_MS = 2_147_483_647;
/** Where each target's paths start, so a rule's `path` cannot silently never match. */
const TARGET_PREFIXES: Record<FaultTarget, string> = { api: '/2.0/', oauth: '/site/oauth2/' };

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function onlyKnownFields(value: Record<string, unknown>, known: string[], where: string): void {
  const unknown = Object.keys(value).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw new FaultSettingsError(
      `Unknown field ${unknown.map((k) => `"${where}${k}"`).join(', ')}; known: ${known.join(', ')}.`,
    );
  }
}

function wholeNumber(value: unknown, name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `${min}–${max}`;
    throw new FaultSettingsError(
      `"${name}" must be a whole number ${range}, got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

function parseRule(value: unknown, index: number): FaultRule {
  const where = `rules[${index}].`;
  if (!isObject(value)) throw new FaultSettingsError(`"rules[${index}]" must be an object.`);
  onlyKnownFields(value, RULE_FIELDS, where);
  const { target = 'api', path, fault, status, retryAfterSeconds, latencyMs, times } = value;
  if (!KINDS.includes(fault as FaultKind)) {
    throw new FaultSettingsError(
      `"${where}fault" must be one of ${KINDS.join(', ')}, got ${JSON.stringify(fault)}.`,
    );
  }
  if (!TARGETS.includes(target as FaultTarget)) {
    throw new FaultSettingsError(
      `"${where}target" must be "api" or "oauth", got ${JSON.stringify(target)}.`,
    );
  }
  const rule: FaultRule = { target: target as FaultTarget, fault: fault as FaultKind };
  if (path !== undefined) {
    const prefix = TARGET_PREFIXES[rule.target as FaultTarget];
    if (typeof path !== 'string' || !(path.startsWith(prefix) || path === prefix.slice(0, -1))) {
      throw new FaultSettingsError(
        `"${where}path" must be a path starting with ${prefix} for target "${rule.target}", got ${JSON.stringify(path)}.`,
      );
    }
    rule.path = path;
  }
  const onlyFor = (name: string, kind: FaultKind, present: unknown) => {
    if (present !== undefined && rule.fault !== kind) {
      throw new FaultSettingsError(`"${where}${name}" only applies to fault "${kind}".`);
    }
  };
  onlyFor('status', 'status', status);
  onlyFor('retryAfterSeconds', 'status', retryAfterSeconds);
  onlyFor('latencyMs', 'latency', latencyMs);
  if (rule.fault === 'status') {
    if (status !== undefined && !FAULT_STATUSES.includes(status as FaultStatus)) {
      throw new FaultSettingsError(
        `"${where}status" must be one of ${FAULT_STATUSES.join(', ')}, got ${JSON.stringify(status)}.`,
      );
    }
    rule.status = (status as FaultStatus | undefined) ?? 503;
    if (retryAfterSeconds !== undefined) {
      rule.retryAfterSeconds = wholeNumber(retryAfterSeconds, `${where}retryAfterSeconds`, 0);
    }
  }
  if (rule.fault === 'latency') {
    if (latencyMs === undefined) {
      throw new FaultSettingsError(`"${where}latencyMs" is required for fault "latency".`);
    }
    rule.latencyMs = wholeNumber(latencyMs, `${where}latencyMs`, 0, MAX_DELAY_MS);
  }
  if (times !== undefined) rule.times = wholeNumber(times, `${where}times`, 1);
  return rule;
}

/**
 * Checks settings from JSON or code: every field, no unknown ones. Returns them with defaults filled in
 * (`maxDiffBytes` defaults to `defaultMaxDiffBytes`); throws a `FaultSettingsError` naming the problem.
 */
export function parseFaultSettings(
  input: unknown,
  defaultMaxDiffBytes = DEFAULT_MAX_DIFF_BYTES,
): FaultsInForce {
  if (!isObject(input)) throw new FaultSettingsError('The fault settings must be a JSON object.');
  onlyKnownFields(input, SETTINGS_FIELDS, '');
  const { latencyMs = 0, rules = [], rateLimit = null, maxDiffBytes } = input;
  if (!Array.isArray(rules)) throw new FaultSettingsError('"rules" must be an array.');
  let limit: RateLimitSettings | null = null;
  if (rateLimit !== null) {
    if (!isObject(rateLimit)) {
      throw new FaultSettingsError('"rateLimit" must be {"limit","windowSeconds"} or null.');
    }
    onlyKnownFields(rateLimit, RATE_LIMIT_FIELDS, 'rateLimit.');
    limit = {
      limit: wholeNumber(rateLimit.limit, 'rateLimit.limit', 1),
      windowSeconds: wholeNumber(rateLimit.windowSeconds, 'rateLimit.windowSeconds', 1),
    };
  }
  return {
    latencyMs: wholeNumber(latencyMs, 'latencyMs', 0, MAX_DELAY_MS),
    rules: rules.map(parseRule),
    rateLimit: limit,
    maxDiffBytes:
      maxDiffBytes === undefined
        ? defaultMaxDiffBytes
        : wholeNumber(maxDiffBytes, 'maxDiffBytes', 0),
  };
}

/** Parses `EMULATOR_FAULTS`-style JSON text with the same checks. */
export function parseFaultSettingsJson(
  text: string,
  defaultMaxDiffBytes = DEFAULT_MAX_DIFF_BYTES,
): FaultsInForce {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FaultSettingsError(
      `The fault settings are not valid JSON: ${(error as Error).message}`,
    );
  }
  return parseFaultSettings(value, defaultMaxDiffBytes);
}
