import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests of pure logic, and integration tests that talk to the real local
// stack (Redis, FerretDB or MONGODB_URI, Dovecot + Postfix), which the global setup brings up.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // LibreOffice for the extraction corpus test's PDFs, pyHanko for the signature corpus
          // (installed when missing).
          globalSetup: ['test/helpers/office-setup.ts', 'test/helpers/pyhanko-setup.ts'],
          testTimeout: 60_000,
          // Fixtures rendered in beforeAll (scans, LibreOffice PDFs) share the cores with the
          // integration tests running beside them.
          hookTimeout: 60_000,
          // Worker threads, not forks: vitest runs its forks pool's parallel files first and its
          // single-fork projects (integration, then browser) after them, so unit tests in forks
          // would wait for nothing. In threads they run beside the integration tests, which spend
          // most of their time waiting on the stack (CI: ~4 min less on 2 cores).
          pool: 'threads',
        },
      },
      {
        test: {
          // The web console in Debian's Chromium, driven by playwright-core, on the real stack.
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/helpers/browser-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // One process, after the integration tests (the forks pool runs its single-fork
          // projects one after the other).
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
