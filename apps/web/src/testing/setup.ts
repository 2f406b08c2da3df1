// Test setup: jest-dom matchers, MSW (unhandled requests are errors), and an unexpected console.error fails the test.
import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { setUnauthenticatedHandler } from '@/lib/api-client';
import { connectivity } from '@/lib/connectivity';
import { failOnConsoleError } from './console-errors';
import { server } from './mocks/server';

// Lazy routes and grammars load on first use; on a busy two-core CI machine that can take over a second.
configure({ asyncUtilTimeout: 5_000 });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
// jsdom does not implement scrolling; <ScrollRestoration> calls it on every navigation.
beforeAll(() => {
  window.scrollTo = () => {};
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

failOnConsoleError();

afterEach(() => {
  cleanup();
  setUnauthenticatedHandler(undefined);
  // What one test's failures taught the app about Bitbucket must not leak into the next.
  connectivity.reset();
});
