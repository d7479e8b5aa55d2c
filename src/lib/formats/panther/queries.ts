/**
 * Panther queries: scheduled queries (run on a schedule; scheduled rules name them in ScheduledQueries and
 * alert on their rows) and saved queries (kept for investigations), SQL over the Snowflake data lake.
 */
import type { RuleDraft } from '../../model.ts';
import { warning } from '../../diagnostics.ts';
import { placeInFile } from '../../logic/positions.ts';
import { asString, fileStem } from '../common.ts';
import type { SourceContext } from '../types.ts';
import { commonFields, filesOf, lineOf } from './document.ts';
import { queryExtraction, queryPlatform } from './query-sql.ts';

export const QUERY_KINDS: Record<string, string> = { scheduled_query: 'scheduled query', saved_query: 'saved query' };

/** A saved query that only defines Jinja macros is a library the other queries import, not a query. */
export function isMacroLibrary(y: Record<string, unknown>): boolean {
  const sql = typeof y.Query === 'string' ? y.Query : '';
  const outside = sql.replace(/\{%-?\s*macro\b[\s\S]*?\{%-?\s*endmacro\s*-?%\}/g, '').replace(/--[^\n]*/g, '');
  return /\{%-?\s*macro\b/.test(sql) && outside.trim() === '';
}

export function queryDraft(relPath: string, text: string, y: Record<string, unknown>, analysisType: string, source: SourceContext): RuleDraft {
  const { files, document, diagnostics } = filesOf(relPath, text, y, source);
  const name = asString(y.QueryName);
  if (!name) diagnostics.push(warning(relPath, 'missing-rule-id', 'the query has no QueryName', 1));
  const title = name ?? fileStem(relPath);
  const sql = typeof y.Query === 'string' ? y.Query : '';
  if (!sql) diagnostics.push(warning(relPath, 'missing-query', 'the query has no Query', 1));
  document.sql = queryExtraction(sql, relPath, source);
  // Leaves and parse problems point into the YAML: the query body starts on the line after `Query: |`.
  const queryLine = lineOf(text, 'Query') ?? 0;
  const indent = /^\s*/.exec(text.split('\n')[queryLine] ?? '')![0].length;
  document.sql = placeInFile(document.sql, { line: queryLine + 1, column: indent + 1, indent });
  return {
    ...commonFields(y, title),
    upstreamId: name,
    slugBase: name ?? title,
    title,
    severity: {},
    kind: QUERY_KINDS[analysisType],
    logSource: document.sql.sources ?? [],
    logPlatform: queryPlatform(document.sql, title, sql),
    files,
    query: sql ? { language: 'sql', text: sql } : undefined,
    diagnostics,
    document,
  };
}
