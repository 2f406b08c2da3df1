// Makes an unexpected console.error fail the test that caused it (React warnings, act() misuse, MSW misses).
import { afterEach, beforeEach, vi } from 'vitest';

let consoleErrors: unknown[][] = [];

export function failOnConsoleError(): void {
  beforeEach(() => {
    consoleErrors = [];
    const original = console.error.bind(console);
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      consoleErrors.push(args);
      original(...args);
    });
  });

  afterEach(() => {
    vi.restoreAllMocks();
    const errors = consoleErrors;
    consoleErrors = [];
    if (errors.length > 0) {
      throw new Error(
        `console.error was called ${errors.length} time(s); a test must not log errors unexpectedly:\n` +
          errors.map((args) => args.map(String).join(' ')).join('\n'),
      );
    }
  });
}

/** For a test that expects an error to be logged: silences and forgets console.error from here on. */
export function allowConsoleError(): void {
  vi.mocked(console.error).mockImplementation(() => {});
}
