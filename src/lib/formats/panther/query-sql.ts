/** A Panther query's SQL read once per file (cached) through the languages table, and the platform of the tables it reads. */
import { LANGUAGES, type LanguageLogic } from '../../languages/index.ts';
import type { SourceContext } from '../types.ts';
import { platformFromQueryName, refinePlatform, tablePlatform } from './log-platforms.ts';

/** Panther's time-range macros: they bound the rows to a window and filter nothing else. */
export const PANTHER_WINDOW_MACROS = ['p_occurs_since', 'p_occurs_between', 'p_occurs_around', 'p_occurs_after', 'p_occurs_before'];

/** The query's logic with positions in the query text (the caller places it in its file). */
export function queryExtraction(sql: string, relPath: string, source: SourceContext): LanguageLogic {
  const key = `panther:sql:${relPath}`;
  const hit = source.cache.get(key) as LanguageLogic | undefined;
  if (hit) return hit;
  const extraction = LANGUAGES.sql.extract(sql, { file: relPath, windowFunctions: PANTHER_WINDOW_MACROS });
  source.cache.set(key, extraction);
  return extraction;
}

/** The first table that names a platform; else the query's name ("Query.Okta.SkeletonKey"). */
export function queryPlatform(sql: LanguageLogic, name: string, text: string): string | undefined {
  for (const table of sql.sources ?? []) {
    const p = tablePlatform(table);
    if (p) return refinePlatform(p, text);
  }
  return platformFromQueryName(name);
}
