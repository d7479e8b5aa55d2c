/**
 * Prints one closing line over every test runner of `npm test` ("Tests: N passed, N failed, N skipped"), read
 * from the JSON reports Vitest and Playwright write, so that CI can tell how many tests ran.
 */
import { existsSync, readFileSync } from 'node:fs';

interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

function vitestTotals(file: string): Totals {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
}

function playwrightTotals(file: string): Totals {
  const s = JSON.parse(readFileSync(file, 'utf8')).stats;
  return { passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped };
}

const totals: Totals = { passed: 0, failed: 0, skipped: 0 };
for (const [file, read] of [
  ['.cache/test-reports/vitest.json', vitestTotals],
  ['.cache/test-reports/playwright.json', playwrightTotals],
] as const) {
  if (!existsSync(file)) continue;
  const t = read(file);
  totals.passed += t.passed;
  totals.failed += t.failed;
  totals.skipped += t.skipped;
}
console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed ? 1 : 0);
