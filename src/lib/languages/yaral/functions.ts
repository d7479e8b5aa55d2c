/** YARA-L functions the extractor understands, by name. Adding one is one line. */
import type { LeafKind } from '../../logic/types.ts';

/** Functions that are filters by themselves: `fn(field, value)` becomes a leaf of this kind. */
export const FILTER_FUNCTIONS: Record<string, LeafKind> = {
  're.regex': 'regex',
  'strings.contains': 'contains',
  'strings.starts_with': 'startswith',
  'strings.ends_with': 'endswith',
  'net.ip_in_range_cidr': 'cidr',
};

/** Functions that only fold the case of a field: `strings.to_lower(field) = "x"` compares the field ignoring case. */
export const CASE_FOLDING_FUNCTIONS = new Set(['strings.to_lower', 'strings.to_upper']);

/** Case-sensitivity of each filter function when no `nocase` or case folding applies (CIDR has no case). */
export function caseSensitiveByDefault(kind: LeafKind): boolean | undefined {
  return kind === 'cidr' ? undefined : true;
}
