/**
 * Helper classes that read what an enrichment attached to the event (Panther's LookupTableMatches subclasses such as
 * IPInfoASN or MISPWarningLists read `p_enrichment.<table>.<matched field>`). The library names each class with the
 * table it registers and its methods that only look up keys of a match (`return self._lookup(match_field, "asn")`);
 * such a call is a field read of the event, and the page shows it as one. Other methods stay unknown, named.
 */
import { FALSE, TRUE } from './conditions.ts';
import { derivedOf, typeTest } from './derived.ts';
import { elementMarker } from './scopes.ts';
import { unknownSym, type Sym } from './values.ts';

/** A helper class over one enrichment table: the event path of the table and its key-lookup methods. */
export interface LookupClass {
  table: string[];
  /** method name -> the keys it reads in a match. */
  methods: Record<string, string[]>;
}

type Field = Extract<Sym, { k: 'field' }>;

/**
 * `obj.method(match_field)` on an instance: what the enrichment matched for that event field, read at the method's
 * keys. A list field has a list of matches, one per item (`[m[key] for m in matches]`); a single value has one
 * match. Nothing matched (or no table) reads as None, which the field reads give too.
 */
export function lookupCall(cls: LookupClass, method: string, args: Sym[]): Sym {
  const keys = cls.methods[method];
  if (!keys) return unknownSym(`lookup table method: ${method}`);
  const matchField = args[0];
  if (matchField?.k !== 'const' || typeof matchField.v !== 'string') return unknownSym('lookup of a computed field');
  const match: Field = { k: 'field', path: [...cls.table, ...matchField.v.split('.')] };
  const marker = elementMarker();
  const perItem: Sym = { k: 'map', list: match.path, marker, elt: { k: 'field', path: [marker, ...keys] }, filter: TRUE };
  const single: Sym = { k: 'field', path: [...match.path, ...keys] };
  const d = derivedOf(match);
  const isList = d && typeTest(d, ['list']);
  if (!isList || isList === FALSE) return single;
  return { k: 'ite', c: isList, a: perItem, b: single };
}
