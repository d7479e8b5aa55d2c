/**
 * What Elastic's two TOML rule shapes share (detection-rules under rules/, Elastic Defend behavior rules under
 * behavior/rules/): reading the TOML into a page even when broken, `[[threat]]` tables, dates, the query's line.
 */
import { parse, type TomlError } from 'smol-toml';
import { error, lineColumn } from '../../diagnostics.ts';
import type { FormatId } from '../../definitions.ts';
import { uniq } from '../../logic/tree.ts';
import type { Condition, Leaf } from '../../logic/types.ts';
import type { RuleDraft } from '../../model.ts';
import { asString, brokenRule } from '../common.ts';
import type { ElasticDocument, QueryLogic } from './logic.ts';
import type { QueryPlacement } from '../../logic/positions.ts';
import type { SourceContext } from '../types.ts';

export type Table = Record<string, unknown>;
export const asTable = (v: unknown): Table => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Table) : {});
export const asTables = (v: unknown): Table[] => (Array.isArray(v) ? v.map(asTable) : v ? [asTable(v)] : []);

/** The parsed TOML, or the broken-rule entry that keeps the file's text and the syntax error's position. */
export function readToml(format: FormatId, relPath: string, text: string, source: SourceContext): { doc: Table } | { broken: RuleDraft } {
  try {
    return { doc: parse(text) as Table };
  } catch (e) {
    const err = e as TomlError;
    const message = (err.message ?? String(e)).split('\n')[0];
    const diagnostic = error(relPath, 'toml-syntax', message, err.line, err.column);
    return { broken: brokenRule({ vendor: 'elastic', format, source, relPath, text, language: 'toml', error: diagnostic }) };
  }
}

/** Elastic writes dates as 2020/05/26; the catalog uses ISO dates. */
export function isoDate(v: unknown): string | undefined {
  return asString(v)?.replace(/\//g, '-');
}

/** ATT&CK from `[[threat]]` tables: the tactic of each, its techniques and their sub-techniques. */
export function attackOfThreats(threats: unknown): RuleDraft['attack'] {
  const tactics: string[] = [];
  const techniques: string[] = [];
  for (const threat of asTables(threats)) {
    const tactic = asString(asTable(threat.tactic).id);
    if (tactic) tactics.push(tactic.toUpperCase());
    for (const technique of asTables(threat.technique)) {
      const id = asString(technique.id);
      if (id) techniques.push(id.toUpperCase());
      for (const sub of asTables(technique.subtechnique)) {
        const subId = asString(sub.id);
        if (subId) techniques.push(subId.toUpperCase());
      }
    }
  }
  return { tactics: uniq(tactics), techniques: uniq(techniques) };
}

/**
 * Where the string value of `key` starts in the TOML: just after its opening quote, or on the next line when a
 * multi-line string opens with a line break (TOML drops it). Escapes in a basic string ("\\") shift the columns
 * after them on their line; Elastic writes queries as literal strings ('''), which have none.
 */
export function stringPlacement(text: string, key: string): QueryPlacement {
  // The key of the [rule] table: other tables ([[transform.osquery]]) have `query` keys of their own.
  const section = /^\[rule\][ \t]*\r?$/m.exec(text);
  const pattern = new RegExp(`^${key}\\s*=\\s*('''|"""|'|")(\\r?\\n)?`, 'gm');
  pattern.lastIndex = section ? section.index + section[0].length : 0;
  const match = pattern.exec(text);
  const otherTable = match && section && /^\[\[?[\w.-]+\]\]?[ \t]*\r?$/m.test(text.slice(section.index + section[0].length, match.index));
  if (!match || otherTable) return { line: 1 };
  const at = lineColumn(text, match.index + match[0].length);
  return { line: at.line, column: at.column, indent: 0 };
}

/** Where the rule's query and threat query start in the file. */
export function queryPlacements(text: string): ElasticDocument['placements'] {
  return { query: stringPlacement(text, 'query'), threatQuery: stringPlacement(text, 'threat_query') };
}

/** Leaves outside any `not`: what the query asks for rather than what it excludes. */
function positiveLeaves(c: Condition): Leaf[] {
  if (c.type === 'leaf') return [c];
  if (c.type === 'not') return [];
  if (c.type === 'scope') return positiveLeaves(c.child);
  return c.children.flatMap(positiveLeaves);
}

/** Values the query's positive leaves give to a field (for datasets, categories, OS). */
export function valuesOf(logic: QueryLogic, fields: Set<string>): string[] {
  const conditions = logic.stages ? logic.stages.flatMap((s) => s.conjuncts) : logic.conjuncts;
  return uniq(
    conditions
      .flatMap(positiveLeaves)
      .filter((l) => fields.has(l.field) && (l.kind === 'eq' || l.kind === 'in'))
      .flatMap((l) => l.values.filter((v): v is string => typeof v === 'string')),
  );
}
