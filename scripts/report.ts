/** `npm run report [-- --json]`: per-source ingest and logic figures for the configured corpus. */
import { buildCatalog } from '../src/lib/catalog.ts';
import { catalogReport, formatReport } from '../src/lib/report.ts';

const json = process.argv.includes('--json');
const started = performance.now();
const report = catalogReport(buildCatalog());
if (json) {
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
} else {
  process.stdout.write(formatReport(report));
  process.stdout.write(`Built in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
