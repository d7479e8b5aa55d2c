/**
 * Sigma value modifiers: one table from modifier name to what it does to the field item, so that adding a
 * modifier is one line. Everything is collected into a ModifierSpec the field builder reads.
 */
import type { Encoding, MatchKind } from './values.ts';

export type Comparison = 'gt' | 'gte' | 'lt' | 'lte';
export type TimePart = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

export interface ModifierSpec {
  match: MatchKind;
  /** Set by re, cidr, gt/gte/lt/lte, exists, fieldref, neq: the value is not a string pattern. */
  operator?: 're' | 'cidr' | 'exists' | 'fieldref' | 'ne' | Comparison;
  all: boolean;
  cased: boolean;
  windash: boolean;
  expand: boolean;
  encodings: Encoding[];
  /** Regular-expression flags i, m, s. */
  reFlags: string[];
  timePart?: TimePart;
  unknown: string[];
}

type Apply = (spec: ModifierSpec) => void;

const MODIFIERS: Record<string, Apply> = {
  contains: (s) => (s.match = 'contains'),
  startswith: (s) => (s.match = 'startswith'),
  endswith: (s) => (s.match = 'endswith'),
  all: (s) => (s.all = true),
  cased: (s) => (s.cased = true),
  windash: (s) => (s.windash = true),
  expand: (s) => (s.expand = true),
  base64: (s) => s.encodings.push('base64'),
  base64offset: (s) => s.encodings.push('base64offset'),
  utf16le: (s) => s.encodings.push('utf16le'),
  utf16be: (s) => s.encodings.push('utf16be'),
  utf16: (s) => s.encodings.push('utf16'),
  wide: (s) => s.encodings.push('wide'),
  re: (s) => (s.operator = 're'),
  i: (s) => s.reFlags.push('i'),
  ignorecase: (s) => s.reFlags.push('i'),
  m: (s) => s.reFlags.push('m'),
  multiline: (s) => s.reFlags.push('m'),
  s: (s) => s.reFlags.push('s'),
  dotall: (s) => s.reFlags.push('s'),
  cidr: (s) => (s.operator = 'cidr'),
  exists: (s) => (s.operator = 'exists'),
  fieldref: (s) => (s.operator = 'fieldref'),
  neq: (s) => (s.operator = 'ne'),
  gt: (s) => (s.operator = 'gt'),
  gte: (s) => (s.operator = 'gte'),
  lt: (s) => (s.operator = 'lt'),
  lte: (s) => (s.operator = 'lte'),
  minute: (s) => (s.timePart = 'minute'),
  hour: (s) => (s.timePart = 'hour'),
  day: (s) => (s.timePart = 'day'),
  week: (s) => (s.timePart = 'week'),
  month: (s) => (s.timePart = 'month'),
  year: (s) => (s.timePart = 'year'),
};

/** Splits `Field|mod1|mod2` into the field and its modifier spec. */
export function parseFieldKey(key: string): { field: string; spec: ModifierSpec } {
  const [field, ...names] = key.split('|');
  const spec: ModifierSpec = { match: 'eq', all: false, cased: false, windash: false, expand: false, encodings: [], reFlags: [], unknown: [] };
  for (const raw of names) {
    const name = raw.trim().toLowerCase();
    const apply = MODIFIERS[name];
    if (apply) apply(spec);
    else spec.unknown.push(raw);
  }
  return { field: field.trim(), spec };
}
