import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/corpus/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: '.cache/test-reports/vitest.json' },
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
