// The cross-workspace listings removed by CHANGE-2770 (2026-04-14): they answer 410 whoever asks.
import { Hono } from 'hono';
import { errorBody } from './api-error';

const REMOVED = [
  '/2.0/repositories',
  '/2.0/workspaces',
  '/2.0/user/permissions/workspaces',
  '/2.0/user/permissions/repositories',
];

export function goneRoutes(): Hono {
  const app = new Hono();
  for (const path of REMOVED) {
    app.get(path, (c) =>
      c.json(
        errorBody(
          'CHANGE-2770 - Functionality has been deprecated',
          'Please read the changelog entry for more details.',
        ),
        410,
      ),
    );
  }
  return app;
}
