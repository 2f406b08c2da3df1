// Vitest for the SPA: the Vite config plus jsdom, Testing Library and MSW (see src/testing/setup.ts).
import { defineProject, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineProject({
    test: {
      name: 'web',
      environment: 'jsdom',
      setupFiles: ['./src/testing/setup.ts'],
      testTimeout: 15_000,
    },
  }),
);
