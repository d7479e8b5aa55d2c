/**
 * The real corpus, read once per test run: every corpus test file runs in one worker without module isolation
 * (vitest.config.ts, project "corpus"), so this module's catalog is built by the first file that asks and shared.
 */
import { buildCatalog, type Catalog } from '../../src/lib/catalog.ts';

let full: Catalog | undefined;

/** The whole catalog of RULECAT_CORPUS, every source, with logic. */
export function corpusCatalog(): Catalog {
  full ??= buildCatalog();
  return full;
}

/** The whole catalog seen through some sources: their rules, their stats, the problems found in their files. */
export function sourceCatalog(...names: string[]): Catalog {
  const catalog = corpusCatalog();
  const rules = catalog.rules.filter((r) => names.includes(r.source));
  const files = new Set(rules.flatMap((r) => r.files.map((f) => f.path)));
  return {
    ...catalog,
    rules,
    sources: catalog.sources.filter((s) => names.includes(s.name)),
    diagnostics: catalog.diagnostics.filter((d) => files.has(d.file)),
  };
}
