import os from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Tests that kill and restart real server processes and time what follows (the crash tests, the simulator's run):
 * they run one at a time after the others, with the browser tests, so that a busy machine does not blur their timing.
 */
const ALONE = ['server/**/*.crash.test.ts', 'server/cli/simulate.command.test.ts'];

export default defineConfig({
  test: {
    // One test file per core: most of a test's time is spent waiting on a database, a server or a child process.
    // (Vitest's default leaves a core idle, which on a two-core machine halves the run's speed.)
    maxWorkers: os.availableParallelism(),
    projects: [
      {
        test: {
          name: 'server',
          include: ['server/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ALONE,
          globalSetup: ['server/testing/global-setup.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'server-alone',
          include: ALONE,
          globalSetup: ['server/testing/global-setup.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'web',
          include: ['web/src/**/*.test.ts', 'web/src/**/*.test.tsx'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          globalSetup: ['server/testing/global-setup.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
