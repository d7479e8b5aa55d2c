/**
 * Subsearches that only read a lookup table (`search NOT [| inputlookup aws_service_accounts | fields identity]`):
 * the search matches the events against the table's rows, which is an indicator match on the table.
 */
import { fieldList, leadingOptions, splitCommands } from './pipeline.ts';
import type { PipelineState } from './state.ts';
import { isKeyword, type Token, tokensText } from './tokens.ts';

/** Commands that only pick and rename a table's columns, after `inputlookup` in a subsearch. */
const TABLE_SHAPING = new Set(['fields', 'table', 'rename', 'dedup']);

/**
 * `[| inputlookup table | fields f]`: the columns the subsearch returns (after renames), which the search then
 * matches as `f=v1 OR f=v2...`; undefined when the subsearch does more than read a table or does not say its columns.
 */
function lookupSubsearch(inner: Token[]): { table: string; columns: string[] } | undefined {
  const first = inner[0];
  const tokens = first?.type === 'word' ? [{ ...first, type: 'pipe' as const, raw: '|', value: '|' }, ...inner] : inner;
  const [read, ...rest] = splitCommands(tokens);
  if (read?.name !== 'inputlookup' || rest.some((c) => !TABLE_SHAPING.has(c.name))) return undefined;
  const { options, rest: at } = leadingOptions(read.args);
  const table = read.args[at]?.value;
  if (!table || options.has('append') || read.args.length > at + 1) return undefined;
  let columns: string[] | undefined;
  for (const c of rest) {
    const args = c.args.filter((t) => t.type !== 'comma');
    if (c.name === 'fields' || c.name === 'table') {
      if (args[0]?.value === '-') return undefined;
      columns = fieldList(args[0]?.value === '+' ? args.slice(1) : args);
    } else if (c.name === 'rename' && columns) {
      for (let i = 0; i + 2 < args.length; i += 3) columns = columns.map((f) => (f === args[i].value && isKeyword(args[i + 1], 'AS', true) ? args[i + 2].value : f));
    }
  }
  return columns?.length && columns.every((f) => !f.includes('*')) ? { table, columns } : undefined;
}

/**
 * Top-level `[| inputlookup ...]` terms of a search (optionally after NOT, never beside an OR) match the events
 * against a table: each becomes a lookup with its condition as written, and leaves the search terms.
 */
export function withoutLookupSubsearches(tokens: Token[], state: PipelineState): Token[] {
  const kept: Token[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'lparen') depth++;
    if (t.type === 'rparen') depth--;
    const close = t.type === 'lbracket' && depth === 0 ? matchingBracket(tokens, i) : -1;
    const negated = isKeyword(kept.at(-1), 'NOT', true);
    const beside = [tokens[negated ? i - 2 : i - 1], tokens[close + 1]];
    const found = close > i && !beside.some((b) => isKeyword(b, 'OR', true)) ? lookupSubsearch(tokens.slice(i + 1, close)) : undefined;
    if (!found) {
      kept.push(t);
      continue;
    }
    if (negated) kept.pop();
    const written = `${negated ? 'NOT ' : ''}${tokensText(tokens.slice(i, close + 1))}`;
    state.lookups.push({ table: found.table, inputs: found.columns, outputs: [], conditions: [written] });
    i = close;
  }
  return kept;
}

function matchingBracket(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i].type === 'lbracket') depth++;
    if (tokens[i].type === 'rbracket' && --depth === 0) return i;
  }
  return -1;
}
