import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'emulator',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/testing/fail-on-console-error.ts'],
  },
});
