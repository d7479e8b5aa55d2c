/**
 * Panther's enrichment helper classes (global_helpers: `class IPInfoASN(LookupTableMatches)`), read from the helper's
 * text since the Python reader keeps no class bodies: the table each registers in its constructor
 * (`super()._register(event, IPINFO_ASN_LUT_NAME)`) and the methods that only look up keys of a match
 * (`return self._lookup(match_field, "asn")`). A class whose table is computed (`lut_name` chosen at run time) is left
 * out, as are methods with any other body.
 */
import type { LookupClass } from '../../languages/python/lookup-tables.ts';

const BASE = 'LookupTableMatches';
/** Where Panther puts enrichment results on the event (panther_lookuptable_helpers.ENRICHMENT_KEY). */
const ENRICHMENT_KEY = 'p_enrichment';

function stringConstants(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^([A-Z_][A-Z0-9_]*)\s*=\s*"([^"\\]*)"\s*$/gm)) out.set(m[1], m[2]);
  return out;
}

/** The body of each top-level class: from its `class` line to the next line that starts in column 0. */
function classBodies(text: string): { name: string; base: string; body: string }[] {
  const out: { name: string; base: string; body: string }[] = [];
  const re = /^class (\w+)\((\w+)\):[^\n]*\n((?:[ \t]+[^\n]*\n|[ \t]*\n)*)/gm;
  for (const m of text.matchAll(re)) out.push({ name: m[1], base: m[2], body: m[3] });
  return out;
}

const METHOD = /^ {4}def (\w+)\(self, match_field(?::\s*str)?\)[^:\n]*:\n(?:\s*"""[^\n]*"""\n)?\s*return self\._lookup\(match_field((?:,\s*"[^"]*")*)\)\s*$/gm;

export function lookupClasses(text: string): Map<string, LookupClass> {
  const constants = stringConstants(text);
  const out = new Map<string, LookupClass>();
  for (const c of classBodies(text)) {
    if (c.base !== BASE) continue;
    const registered = /super\(\)\._register\(event, (?:"([^"]*)"|([A-Z_][A-Z0-9_]*))\)/.exec(c.body);
    const table = registered?.[1] ?? (registered?.[2] ? constants.get(registered[2]) : undefined);
    if (!table) continue;
    const methods: Record<string, string[]> = {};
    for (const m of c.body.matchAll(METHOD)) methods[m[1]] = [...m[2].matchAll(/"([^"]*)"/g)].map((k) => k[1]);
    out.set(c.name, { table: [ENRICHMENT_KEY, table], methods });
  }
  return out;
}
