/**
 * `npm run benchmark [-- --json]`: builds the site once and prints figures: catalog build time, astro render time,
 * Pagefind time, pages per second, peak RSS. RULECAT_SYNTHETIC=<n> measures with n synthetic rules instead of
 * the configured corpus. Figures only: nothing here asserts a time.
 */
import { availableParallelism, totalmem } from 'node:os';
import { buildSite, formatFigures } from './build.ts';

const figures = await buildSite();
if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
} else {
  const corpus = process.env.RULECAT_SYNTHETIC ? `${process.env.RULECAT_SYNTHETIC} synthetic rules` : (process.env.RULECAT_CORPUS ?? 'the examples');
  process.stdout.write(`\nBenchmark: ${corpus}; ${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}\n`);
  process.stdout.write(`Rules ${figures.rules}, pages ${figures.totalPages} (${Object.entries(figures.pages).map(([k, v]) => `${k} ${v}`).join(', ')})\n`);
  process.stdout.write(`Per rule: ${(figures.catalogMs / Math.max(1, figures.rules)).toFixed(2)} ms catalog; per page: ${(figures.renderMs / figures.totalPages).toFixed(2)} ms render, ${(figures.pagefindMs / figures.totalPages).toFixed(2)} ms pagefind\n`);
  process.stdout.write(formatFigures(figures));
}
