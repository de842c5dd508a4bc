import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

// Three tiers: server units and integration (real DuckDB files, real HTTP), web component tests
// (happy-dom), and browser end-to-end tests (Debian chromium via playwright-core, run one file at a
// time because each starts the whole product).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          include: [
            'etl/**/*.test.ts',
            'warehouse/**/*.test.ts',
            'api/**/*.test.ts',
            'tests/**/*.test.ts',
          ],
          exclude: ['tests/e2e/**', 'node_modules/**', 'dist/**'],
          environment: 'node',
          // CLI runs started by tests (directly or through the API) read files the test wrote
          // completely just before: no need to watch them for the settle interval.
          env: { ETL_SETTLE_SECONDS: '0' },
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        plugins: [vue()],
        test: {
          name: 'web',
          include: ['web/src/**/*.test.ts'],
          environment: 'happy-dom',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
