/** Symbolic values the Python extractor computes with: constants, event fields, conditions, deferred calls. */
import type { FunctionDef, PyModule } from './ast.ts';
import type { C } from './conditions.ts';
import type { DeriveStep } from '../../logic/derive.ts';

/** A Python constant: scalars, sequences (list/tuple/set) and dicts. */
export type PyVal = string | number | boolean | null | { seq: PyVal[] } | { dict: [PyVal, PyVal][] };

/** A Python class: its module (where its methods run), bases, and members (methods and class attributes). */
export interface PyClass {
  k: 'class';
  name: string;
  mod: ModuleEnv;
  bases: Sym[];
  members: Map<string, Sym>;
}

export interface ModuleEnv {
  name: string;
  module: PyModule;
  globals: Map<string, Sym>;
}

export type Sym =
  | { k: 'const'; v: PyVal }
  /** A value read from the event: path [] is the event itself. */
  /** text: read through str(), which spells a dict or list as Python source (`[{'type': 'public'}]`). */
  /** list: read through listify(), a scalar standing for a list of itself (`in` is membership, not substring). */
  /** view: read through .keys() / .values() / .items() of a dict, which loops over entries, not over a list. */
  /** distinct: read through set(), which drops repeated items (len() counts distinct ones). */
  /** json: read through json.loads(), whose truth is that of the parsed value (`"[]"` is falsy). */
  /** set: read through set() / frozenset(), so that two such lists compare as sets (sets.ts). */
  | { k: 'field'; path: string[]; lower?: boolean; def?: PyVal; text?: boolean; list?: boolean; view?: 'keys' | 'values' | 'items'; json?: boolean; set?: boolean; distinct?: boolean }
  /** match: set on a regex match object (`re.match(p, x)`), whose groups read as computed values (regex-groups.ts). */
  | { k: 'cond'; c: C; match?: { pattern: string; how: string; of: Sym } }
  /** `a if c else b`, and the value of `x or y` / `x and y`. */
  /** truth: the value's truthiness when known more directly (`x and y` is truthy exactly when both are). */
  | { k: 'ite'; c: C; a: Sym; b: Sym; truth?: C }
  /** A call into a Python function, followed when a condition or value is asked of it. */
  | { k: 'call'; fn: FunctionDef; mod: ModuleEnv; env: Map<string, Sym> }
  | { k: 'fn'; fn: FunctionDef; mod: ModuleEnv }
  | { k: 'module'; mod: ModuleEnv }
  | PyClass
  /** An object of a class the rule's helpers define (classes.ts): the attributes its methods have set. */
  | { k: 'instance'; cls: PyClass; attrs: Record<string, Sym> }
  /** A method read from an object (`self` bound), or through super(): `owner` is the class that defines it. */
  | { k: 'bound'; fn: FunctionDef; owner: PyClass; self: Sym }
  /** super() inside a method of `owner`: attributes are looked up in its bases. */
  | { k: 'super'; owner: PyClass; self: Sym }
  /** A module or name we do not follow (json, re, lookups...). */
  | { k: 'extern'; name: string }
  | { k: 'builtin'; name: string }
  /** A name a unit test replaced by MagicMock(return_value=value) (mocks.ts). */
  | { k: 'mock'; name: string; value: PyVal }
  | { k: 'method'; obj: Sym; name: string }
  | { k: 'regex'; pattern: string; ignoreCase: boolean }
  | { k: 'seq'; items: Sym[] }
  /** A dict built by the code; `open` when more keys may be added where we cannot see (in a loop). */
  /** `keyed`: a dict filled by a loop over an event list (`d[x["k"]] = x["v"]`, keyed.ts), with no entries before it. */
  | { k: 'dict'; entries: [string, Sym][]; open?: boolean; keyed?: { list: string[]; key: string; value: string } }
  /** x.split(sep) of an event value; only its first or last part can be tested. */
  | { k: 'split'; of: Extract<Sym, { k: 'field' }>; sep: string; fromRight: boolean; limited: boolean }
  /** x.split(sep)[0] or [-1]; `nth`: x.split(sep)[n], a part in the middle, which only a regex can say. */
  | { k: 'part'; of: Extract<Sym, { k: 'field' }>; sep: string; last: boolean; nth?: number }
  /** len() of an event value: only its emptiness can be tested; `sep`: len(x.split(sep)), its number of parts. */
  | { k: 'len'; of: Extract<Sym, { k: 'field' }>; sep?: string }
  | { k: 'fstring' }
  /** `sep.join((a, b, ...))` of values not all constant (joins.ts): compared with constant texts part by part. */
  | { k: 'joined'; sep: string; parts: Sym[] }
  /**
   * A value computed from one event value by steps the evaluator can run (derived.ts): `x.split("/")[3]`,
   * `len(x)`, `type(x)`. `text` spells it as the rule computes it; `fns` lists the functions called.
   */
  | { k: 'derived'; from: Extract<Sym, { k: 'field' }>; steps: DeriveStep[]; text: string; fns: string[] }
  /**
   * `[elt(x) for x in event list if filter(x)]` (list, set or generator): `elt` and `filter` read the element
   * through `marker` (scopes.ts), so that membership and loops over it become scopes over `list`.
   */
  /** `orderedBy`: walked in the order of that field of the element (`sorted(list, key=lambda x: x["n"])`), a path under `marker`. */
  | { k: 'map'; list: string[]; marker: string; elt: Sym; filter: C; orderedBy?: string }
  /** A dict built from an event list of key/value items (key_value_list_to_dict): keys and values by item field name. */
  | { k: 'keyed'; list: string[]; key: string; value: string }
  /** The value `elt` of the item of `list` passing `filter` (keyed-lists.ts): tested inside a scope over the list. */
  | { k: 'pick'; list: string[]; marker: string; filter: C; elt: Sym }
  /** `CONSTANT_SET.intersection(x)` / `&`: the constants that are members of x. */
  | { k: 'members'; values: PyVal[]; of: Sym }
  /** `[elt(x) for x in CONSTANTS if test(x)]`: item i is in the list when keeps[i] holds. */
  | { k: 'kept'; items: Sym[]; keeps: C[] }
  /** How many of the conditions hold (len() of a `members` value). */
  | { k: 'count'; cs: C[] }
  /** A point in time: parsed from an event value, or the time the policy runs (`now`). */
  /** `shift`: seconds added (`now - timedelta(days=90)`); `at`: a date the rule writes (`datetime(2030, 6, 2)`), epoch seconds. */
  | { k: 'date'; of?: Extract<Sym, { k: 'field' }>; now?: boolean; shift?: number; at?: number }
  /** a - b of two dates (`unit`: read through .days or .total_seconds()), or a fixed length of time (timedelta). */
  | { k: 'span'; a?: Extract<Sym, { k: 'date' }>; b?: Extract<Sym, { k: 'date' }>; seconds?: number; unit?: 'days' | 'seconds' }
  /** `(a - b) / scale` of two event values (arithmetic.ts); read only in comparisons with a number. */
  | { k: 'difference'; a: Extract<Sym, { k: 'derived' }>; b: Extract<Sym, { k: 'derived' }>; scale: number }
  /** An object of a library the interpreter knows (policyuniverse's Policy, Statement, a Policy's action_summary()), over an event value. */
  | { k: 'object'; cls: 'Policy' | 'Statement' | 'ActionSummary'; doc: Sym; expanded?: boolean }
  /**
   * A helper class over an enrichment table (lookup-tables.ts), or (`instance`) an object of it built on the event.
   * `generic` is the same class followed as Python (classes.ts), or its object: methods that are not plain key
   * lookups (`has_exit_nodes`) are read through it.
   */
  | { k: 'lookup'; cls: import('./lookup-tables.ts').LookupClass; instance: boolean; generic?: Sym }
  /** ipaddress.ip_address(x) / ip_network(x) (`fn` as imported); `network` when x is read as a network. */
  /** `address`: read through a network's .network_address (only its version is read). */
  | { k: 'ip'; of: Sym; fn: string; network: boolean; needs?: C; address?: boolean }
  /** A value whose computation raises (KeyError, TypeError): the rule errors on that path and raises no alert. */
  | { k: 'error'; reason: string }
  /** `needs`: what must hold for the value to exist at all (ip_network(x) raises unless x is set). */
  | { k: 'unknown'; reason: string; needs?: C };

export const constSym = (v: PyVal): Sym => ({ k: 'const', v });
export const unknownSym = (reason: string): Sym => ({ k: 'unknown', reason });

export function isSeq(v: PyVal): v is { seq: PyVal[] } {
  return typeof v === 'object' && v !== null && 'seq' in v;
}

export function isDict(v: PyVal): v is { dict: [PyVal, PyVal][] } {
  return typeof v === 'object' && v !== null && 'dict' in v;
}

/** Python truthiness of a constant. */
export function truthyConst(v: PyVal): boolean {
  if (isSeq(v)) return v.seq.length > 0;
  if (isDict(v)) return v.dict.length > 0;
  return v !== null && v !== false && v !== 0 && v !== '';
}

/** Python equality of constants (sequences and dicts by value). */
export function equalConst(a: PyVal, b: PyVal): boolean {
  return JSON.stringify(a) === JSON.stringify(b) || (typeof a === 'number' && typeof b === 'boolean' ? a === Number(b) : false);
}

/** Items of a sequence, or the keys of a dict (what `in` and `for` see). */
export function iterConst(v: PyVal): PyVal[] | undefined {
  if (isSeq(v)) return v.seq;
  if (isDict(v)) return v.dict.map(([k]) => k);
  if (typeof v === 'string') return [...v];
  return undefined;
}

export function isScalar(v: PyVal): v is string | number | boolean | null {
  return v === null || typeof v !== 'object';
}

export function describe(s: Sym): string {
  switch (s.k) {
    case 'field':
      return s.path.length ? s.path.join('.') : 'event';
    case 'extern':
      return s.name;
    case 'const':
      return JSON.stringify(s.v).slice(0, 40);
    case 'derived':
      return s.text;
    default:
      return s.k;
  }
}
