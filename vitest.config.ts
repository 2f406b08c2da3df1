// One Vitest run over every suite in the workspace; each package defines its own project.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // `workers` runs the BFF inside workerd; its config is not named vitest.config.ts, so it is listed.
    projects: ['packages/*', 'apps/*', 'apps/bff/vitest.workers.config.ts', 'e2e', 'bench', 'load'],
  },
});
