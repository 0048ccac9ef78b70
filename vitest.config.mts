import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Generous: a test's duration is not what it checks (speed lives in bench/), and a busy 2-core
    // machine runs CLI children and Chromium several times slower than an idle one.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // expect.poll waits for a screen or a background step to catch up; 1 s (vitest's default) is
    // too short on a busy machine. A poll that never succeeds still fails, after 20 s.
    expect: { poll: { timeout: 20_000, interval: 100 } },
    // 2-core machines: keep heavy e2e files from starving each other.
    maxWorkers: 2
  }
})
