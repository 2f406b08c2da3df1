// How a thrown failure becomes the browser's answer: one mapping for Hono's `onError` and Node's fast path.
import type { BffErrorBody } from '@pail/shared';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { BffError, errorBody } from './errors';
import type { Logger } from './logger';
import { SessionEndedError } from './session/refresh-session';

export interface ErrorAnswer {
  status: ContentfulStatusCode;
  body: BffErrorBody;
  /** Extra headers the error names (`Allow`, `Retry-After`…). */
  headers: Record<string, string>;
  /** The session cookie is cleared with this answer. */
  endSession: boolean;
}

/** Unknown failures are logged by name only and answered generically: never a stack, never fail open. */
export function errorAnswer(error: Error, logger: Logger, path: string): ErrorAnswer {
  if (error instanceof SessionEndedError) {
    logger.info('session.ended', { reason: error.reason });
    return {
      status: 401,
      body: errorBody('unauthenticated', 'Your session has ended; sign in again.'),
      headers: {},
      endSession: true,
    };
  }
  if (error instanceof BffError) {
    return {
      status: error.status,
      body: errorBody(error.code, error.message),
      headers: error.headers,
      endSession: false,
    };
  }
  if (error instanceof HTTPException && error.status < 500) {
    return { status: 400, body: errorBody('bad_request'), headers: {}, endSession: false };
  }
  logger.error('internal_error', { error: error.name, path });
  return { status: 500, body: errorBody('internal'), headers: {}, endSession: false };
}
