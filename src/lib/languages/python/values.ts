/** Symbolic values the Python extractor computes with: constants, event fields, conditions, deferred calls. */
import type { FunctionDef, PyModule } from './ast.ts';
import type { C } from './conditions.ts';

/** A Python constant: scalars, sequences (list/tuple/set) and dicts. */
export type PyVal = string | number | boolean | null | { seq: PyVal[] } | { dict: [PyVal, PyVal][] };

export interface ModuleEnv {
  name: string;
  module: PyModule;
  globals: Map<string, Sym>;
}

export type Sym =
  | { k: 'const'; v: PyVal }
  /** A value read from the event: path [] is the event itself. */
  /** text: read through str(), which spells a dict or list as Python source (`[{'type': 'public'}]`). */
  | { k: 'field'; path: string[]; lower?: boolean; def?: PyVal; text?: boolean }
  | { k: 'cond'; c: C }
  /** `a if c else b`, and the value of `x or y` / `x and y`. */
  /** truth: the value's truthiness when known more directly (`x and y` is truthy exactly when both are). */
  | { k: 'ite'; c: C; a: Sym; b: Sym; truth?: C }
  /** A call into a Python function, followed when a condition or value is asked of it. */
  | { k: 'call'; fn: FunctionDef; mod: ModuleEnv; env: Map<string, Sym> }
  | { k: 'fn'; fn: FunctionDef; mod: ModuleEnv }
  | { k: 'module'; mod: ModuleEnv }
  /** A module or name we do not follow (json, re, lookups...). */
  | { k: 'extern'; name: string }
  | { k: 'builtin'; name: string }
  | { k: 'method'; obj: Sym; name: string }
  | { k: 'regex'; pattern: string; ignoreCase: boolean }
  | { k: 'seq'; items: Sym[] }
  /** A dict built by the code; `open` when more keys may be added where we cannot see (in a loop). */
  | { k: 'dict'; entries: [string, Sym][]; open?: boolean }
  /** x.split(sep) of an event value; only its first or last part can be tested. */
  | { k: 'split'; of: Extract<Sym, { k: 'field' }>; sep: string; fromRight: boolean; limited: boolean }
  /** x.split(sep)[0] or [-1]. */
  | { k: 'part'; of: Extract<Sym, { k: 'field' }>; sep: string; last: boolean }
  /** len() of an event value: only its emptiness can be tested. */
  | { k: 'len'; of: Extract<Sym, { k: 'field' }> }
  | { k: 'fstring' }
  /** A value whose computation raises (KeyError, TypeError): the rule errors on that path and raises no alert. */
  | { k: 'error'; reason: string }
  | { k: 'unknown'; reason: string };

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
    default:
      return s.k;
  }
}
