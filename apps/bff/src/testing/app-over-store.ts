// The BFF over a given session store and nothing else: for checks (health, readiness) that never reach Bitbucket.
import { createApp } from '../app';
import { parseConfig } from '../env';
import type { SessionStore } from '../session/session-store';
import { testKey } from './keys';
import { createMemoryLogger } from './memory-logger';

export function appOverStore(store: SessionStore) {
  const parsed = parseConfig({ PAIL_SESSION_KEYS: testKey(1) });
  if (!parsed.ok) throw new Error(parsed.problems.join());
  const logger = createMemoryLogger();
  const fetch = async () => {
    throw new Error('no network in health checks');
  };
  return { app: createApp({ config: parsed.config, store, fetch, now: Date.now, logger }), logger };
}
