/**
 * MQL functions that are filters on one value: each maps onto a leaf kind, a match kind and a case.
 * Every other function computes a value no filter expresses (ml.*, beta.*, network.whois, file.*, html.*,
 * strings.parse_url, length, coalesce...): the converter keeps it as a computed operand, its name in `computed`.
 */
import type { LeafKind, MatchKind } from '../../logic/types.ts';

export interface FilterFunction {
  kind: LeafKind;
  match: MatchKind;
  caseSensitive: boolean;
  /** regex.match / regex.imatch match the whole value: the patterns are anchored. */
  anchored?: boolean;
}

const f = (kind: LeafKind, match: MatchKind, caseSensitive: boolean, anchored?: boolean): FilterFunction => ({
  kind,
  match,
  caseSensitive,
  ...(anchored && { anchored }),
});

export const FILTER_FUNCTIONS: Record<string, FilterFunction> = {
  'strings.contains': f('contains', 'substring', true),
  'strings.icontains': f('contains', 'substring', false),
  'strings.like': f('wildcard', 'wildcard', true),
  'strings.ilike': f('wildcard', 'wildcard', false),
  'strings.starts_with': f('startswith', 'prefix', true),
  'strings.istarts_with': f('startswith', 'prefix', false),
  'strings.ends_with': f('endswith', 'suffix', true),
  'strings.iends_with': f('endswith', 'suffix', false),
  'regex.contains': f('regex', 'regex', true),
  'regex.icontains': f('regex', 'regex', false),
  'regex.match': f('regex', 'regex', true, true),
  'regex.imatch': f('regex', 'regex', false, true),
};

/** Functions whose second argument is a condition on each element of the first. */
export const QUANTIFIERS = new Set(['any', 'all']);
