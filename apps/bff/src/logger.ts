// Structured auth-event logging: a tiny interface the app depends on, with a LogTape implementation.
import { getLogger } from '@logtape/logtape';

/** Only ids, codes and counts go in here: never a token, code, state, secret or raw session id. */
export type LogProps = Record<string, string | number | boolean | undefined>;

export interface Logger {
  info(event: string, props?: LogProps): void;
  warn(event: string, props?: LogProps): void;
  error(event: string, props?: LogProps): void;
}

/** Logs through LogTape under the `pail.bff` category; the sink (JSON lines) is configured by the entrypoint. */
export function createLogtapeLogger(category: readonly string[] = ['pail', 'bff']): Logger {
  const logger = getLogger([...category]);
  // LogTape treats `{…}` in messages as placeholders; event names are plain words, so props ride alongside.
  return {
    info: (event, props) => logger.info(event, { event, ...props }),
    warn: (event, props) => logger.warn(event, { event, ...props }),
    error: (event, props) => logger.error(event, { event, ...props }),
  };
}
