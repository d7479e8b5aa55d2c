/** A Panther query's SQL read once per file (cached), and the platform of the tables it reads. */
import { extractSql, type SqlExtraction } from '../../languages/sql/index.ts';
import type { SourceContext } from '../types.ts';
import { platformFromQueryName, refinePlatform, tablePlatform } from './log-platforms.ts';

/** Panther's time-range macros: they bound the rows to a window and filter nothing else. */
export const PANTHER_WINDOW_MACROS = ['p_occurs_since', 'p_occurs_between', 'p_occurs_around', 'p_occurs_after', 'p_occurs_before'];

export function queryExtraction(sql: string, relPath: string, source: SourceContext): SqlExtraction {
  const key = `panther:sql:${relPath}`;
  const hit = source.cache.get(key) as SqlExtraction | undefined;
  if (hit) return hit;
  const extraction = extractSql(sql, relPath, { windowFunctions: PANTHER_WINDOW_MACROS });
  source.cache.set(key, extraction);
  return extraction;
}

/** The first table that names a platform; else the query's name ("Query.Okta.SkeletonKey"). */
export function queryPlatform(sql: SqlExtraction, name: string, text: string): string | undefined {
  for (const table of sql.tables) {
    const p = tablePlatform(table);
    if (p) return refinePlatform(p, text);
  }
  return platformFromQueryName(name);
}
