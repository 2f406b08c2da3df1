// Test setup: an unexpected console.error or console.warn fails the test that caused it.
import { afterEach, beforeEach, expect, vi } from 'vitest';

let messages: string[] = [];

beforeEach(() => {
  messages = [];
  for (const level of ['error', 'warn'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      messages.push(`console.${level}: ${args.map(String).join(' ')}`);
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
  expect(messages, 'unexpected console output').toEqual([]);
});
