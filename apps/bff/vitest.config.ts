import { configDefaults, defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'bff',
    include: ['src/**/*.test.ts'],
    // Those run inside workerd, in the `workers` project (vitest.workers.config.ts).
    exclude: [...configDefaults.exclude, 'src/**/*.workers.test.ts'],
    setupFiles: ['src/testing/setup.ts'],
    environment: 'node',
  },
});
