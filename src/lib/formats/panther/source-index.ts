/**
 * What a Panther file needs to know about the others, read once per source (cached): the LogTypes of every
 * rule (correlation rules take their platform), the file of every rule and correlation rule by RuleID
 * (a correlation rule's stages are the rules it names), the queries by QueryName (scheduled rules take theirs),
 * and the scheduled rules that name each query (the query page links back).
 */
import { unbudgeted } from '../../languages/parsing/limits.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { hasExtension, walkFiles } from '../../fs.ts';
import { asString, asStringList } from '../common.ts';
import type { SourceContext } from '../types.ts';
import type { LanguageLogic } from '../../languages/index.ts';
import { queryExtraction, queryPlatform } from './query-sql.ts';

export interface SourceIndex {
  ruleLogTypes: Map<string, string[]>;
  /** RuleID → the YAML file of the rule (rules/ and correlation_rules/). */
  rulePaths: Map<string, string>;
  queries: Map<string, { platform?: string; sql: LanguageLogic }>;
  /** QueryName → RuleIDs of the scheduled rules that run on it. */
  queryUsers: Map<string, string[]>;
}

export const ANALYSIS_DIRS = ['rules', 'correlation_rules', 'policies', 'queries'];

export function sourceIndex(source: SourceContext): SourceIndex {
  const key = 'panther:source-index';
  const hit = source.cache.get(key) as SourceIndex | undefined;
  if (hit) return hit;
  // Read once for every rule of the source: not part of the rule's time budget.
  return unbudgeted(() => indexSource(source, key));
}

function indexSource(source: SourceContext, key: string): SourceIndex {
  const index: SourceIndex = { ruleLogTypes: new Map(), rulePaths: new Map(), queries: new Map(), queryUsers: new Map() };
  for (const dir of ['rules', 'correlation_rules', 'queries']) {
    for (const rel of walkFiles(source.root, dir, (n) => hasExtension(n, '.yml', '.yaml'))) {
      let y: Record<string, unknown> | undefined;
      try {
        y = parseDocument(readFileSync(join(source.root, rel), 'utf8')).toJS() as Record<string, unknown>;
      } catch {
        continue; // a broken file has its own entry
      }
      if (!y || typeof y !== 'object') continue;
      const ruleId = asString(y.RuleID);
      if (ruleId && !index.rulePaths.has(ruleId)) index.rulePaths.set(ruleId, rel);
      if (ruleId && dir === 'rules') index.ruleLogTypes.set(ruleId, asStringList(y.LogTypes ?? y.ScheduledQueries));
      for (const q of ruleId ? asStringList(y.ScheduledQueries) : []) index.queryUsers.set(q, [...(index.queryUsers.get(q) ?? []), ruleId!]);
      const queryName = asString(y.QueryName);
      if (queryName && typeof y.Query === 'string') {
        const sql = queryExtraction(y.Query, rel, source);
        index.queries.set(queryName, { platform: queryPlatform(sql, queryName, y.Query), sql });
      }
    }
  }
  source.cache.set(key, index);
  return index;
}
