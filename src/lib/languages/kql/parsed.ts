/**
 * Columns of a `parse` (`parse msg_s with Protocol 'request from ' SourceHost ':' SourcePort ...`): each is a value
 * cut out of the source, so a filter on one is a computed leaf that names the whole parse as written,
 * `(parse msg_s with ... DestinationHost ...).DestinationHost`. When the pattern has only literal text, `*`
 * and string or integer columns, the leaf also carries the cut as a regular expression capture the evaluator runs.
 */
import type { DeriveStep, Derivation } from '../../logic/derive.ts';
import { leaf } from '../../logic/tree.ts';
import type { Condition } from '../../logic/types.ts';
import type { ParsePart } from './ast.ts';
import type { ColumnDef } from './predicates.ts';

const INTEGER = new Set(['int', 'long']);

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The regular expression Kusto builds for a simple-kind pattern: constants matched as they are, `*` and string
 * columns lazily, integer columns as digits, a last string column taking the rest; undefined for other types.
 */
export function parseRegex(pattern: ParsePart[], regexKind = false): string | undefined {
  let re = '^';
  for (const [i, p] of pattern.entries()) {
    if ('other' in p) return undefined;
    if ('text' in p) re += regexKind ? p.text : escapeRegex(p.text);
    else if ('star' in p) re += '[\\s\\S]*?';
    else if (p.type && INTEGER.has(p.type.toLowerCase())) re += '(-?\\d+)';
    else if (p.type && p.type.toLowerCase() !== 'string') return undefined;
    else re += i === pattern.length - 1 ? '([\\s\\S]*)$' : '([\\s\\S]*?)';
  }
  return re;
}

export interface ParseSource {
  /** The source as the rule's fields name it (`msg_s`, `TargetResources.modifiedProperties.newValue`) or its computation. */
  text: string;
  /** Set when the source is a field: the path the derivation starts from. */
  field?: string;
}

/** The definition of each column of a parse operator. */
export function parsedColumns(
  op: { columns: string[]; pattern?: ParsePart[]; written?: string; kind?: string; flags?: string; operator?: string },
  source: ParseSource | undefined,
): [string, ColumnDef][] {
  const from = source?.text ?? 'a computed value';
  const reason = (c: string): ColumnDef => ({ kind: 'computed', reason: `parsed column: ${c} from ${from}` });
  if (!source || !op.pattern || !op.written || op.operator === 'parse-kv' || (op.kind && op.kind !== 'simple' && op.kind !== 'regex')) {
    return op.columns.map((c) => [c, reason(c)]);
  }
  const written = `(${op.operator === 'parse-where' ? 'parse-where' : 'parse'} ${op.kind ? `kind=${op.kind} ` : ''}${op.flags ? `flags=${op.flags} ` : ''}${source.text} with ${op.written})`;
  // Regex flags (U: ungreedy, i...) change what the parts match: the cut is then stated, not run.
  const regex = source.field && !op.flags ? parseRegex(op.pattern, op.kind === 'regex') : undefined;
  const columns = op.pattern.filter((p): p is { column: string; type?: string } => 'column' in p);
  return columns.map((p, i) => {
    const def: ColumnDef = { kind: 'computed', reason: `parsed column: ${p.column} from ${from}`, value: { text: `${written}.${p.column}`, functions: ['parse'] } };
    if (regex && source.field) {
      const steps: DeriveStep[] = [{ fn: 'string' }, { fn: 'capture', args: [regex, i + 1] }];
      if (p.type && INTEGER.has(p.type.toLowerCase())) steps.push({ fn: 'number' });
      def.value!.derive = { from: source.field, steps } satisfies Derivation;
    }
    return [p.column, def];
  });
}

/** The rows parse-where keeps: those whose source matches the pattern, when the pattern is one we can write as a regex. */
export function parseWhereFilter(op: { pattern?: ParsePart[]; kind?: string; flags?: string }, source: ParseSource | undefined): Condition | undefined {
  if (!source?.field || !op.pattern || op.flags || (op.kind && op.kind !== 'simple' && op.kind !== 'regex')) return undefined;
  const regex = parseRegex(op.pattern, op.kind === 'regex');
  return regex ? leaf(source.field, 'regex', [regex], { caseSensitive: true }) : undefined;
}
