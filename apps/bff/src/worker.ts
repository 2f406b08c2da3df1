// Workers entrypoint: read the bindings once per isolate, build the deps, serve the BFF and the SPA.
import { configure, getConsoleSink, jsonLinesFormatter } from '@logtape/logtape';
import type { Hono } from 'hono';
import { createApp } from './app';
import type { BffEnv } from './context';
import { errorBody } from './errors';
import { createLogtapeLogger } from './logger';
import { usageFlushesSettled } from './usage/usage-counter';
import {
  createWorkerDeps,
  readWorkerConfig,
  requestBindings,
  type WorkerEnv,
} from './worker/worker-app';

export { SessionLock } from './worker/session-lock';
export type { WorkerEnv } from './worker/worker-app';

type Served = { app: Hono<BffEnv> } | { problems: string[] };

/** One app per isolate: the bindings and secrets cannot change without a new one. */
let served: Promise<Served> | undefined;

async function serve(env: WorkerEnv): Promise<Served> {
  // The same JSON lines as on Node; Workers Logs and `wrangler tail` keep each line as one event.
  await configure({
    sinks: { console: getConsoleSink({ formatter: jsonLinesFormatter }) },
    loggers: [
      { category: ['pail'], lowestLevel: 'info', sinks: ['console'] },
      { category: ['logtape', 'meta'], lowestLevel: 'warning', sinks: ['console'] },
    ],
  });
  const logger = createLogtapeLogger();
  const result = readWorkerConfig(env);
  if (!result.ok) {
    // Variable names and shapes only: `parseConfig` never echoes a secret.
    logger.error('config.invalid', { problems: result.problems.join(' | ') });
    return { problems: result.problems };
  }
  return { app: createApp(createWorkerDeps(env, result.config, { logger })) };
}

export default {
  async fetch(request, env, ctx) {
    served ??= serve(env);
    const current = await served;
    if ('problems' in current) {
      return Response.json(
        errorBody('internal', 'Pail is not configured correctly; its log lists what to fix.'),
        { status: 500, headers: { 'Cache-Control': 'no-store' } },
      );
    }
    const response = await current.app.fetch(request, requestBindings(request), ctx);
    // Usage counts are stored after the answer is sent; the isolate must not be frozen before they are.
    ctx.waitUntil(usageFlushesSettled());
    return response;
  },
} satisfies ExportedHandler<WorkerEnv>;
