import { defineConfig } from 'vitest/config';

// Unit tests run isolated and in parallel. Corpus tests share one read of the real corpus (tests/corpus/shared.ts):
// they run one file after another in a single worker that keeps its modules between files.
export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: '.cache/test-reports/vitest.json' },
    testTimeout: 120_000,
    hookTimeout: 600_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'corpus', include: ['tests/corpus/**/*.test.ts'], isolate: false, fileParallelism: false },
      },
    ],
  },
});
