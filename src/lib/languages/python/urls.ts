/**
 * URLs a rule takes apart with urllib.parse: `urlparse(x).query` (a `url_parts` step, then the part) and
 * `parse_qs(q).get("name", [])` (a `query_params` step, then the parameter's list of values).
 */
import { withStep, type Derived } from './derived.ts';
import { constSym, isDict, type PyVal, type Sym } from './values.ts';

/** The parts urlparse and urlsplit split alike (urlparse also cuts `;params` off the path, so .path is left out). */
const PARTS = new Set(['scheme', 'netloc', 'query', 'fragment']);
/** The keys of the `url_parts` step's object, in its order. */
const URL_KEYS = 'scheme,netloc,path,query,fragment';

/** `.query` (or another part) of a parsed URL, through the branches of a conditional one (`part` reads a branch). */
export function urlPart(s: Sym, name: string, part: (branch: Sym) => Sym): Sym | undefined {
  if (!PARTS.has(name)) return undefined;
  if (s.k === 'ite' && hasParsedUrl(s)) return { ...s, a: part(s.a), b: part(s.b) };
  // urlparse of a constant text: the parts as constants (a dict of exactly those keys, which no other value is).
  if (s.k === 'const' && isDict(s.v) && s.v.dict.map(([k]) => k).join() === URL_KEYS) return constSym(s.v.dict.find(([k]) => k === name)![1]);
  if (s.k !== 'derived' || !isParsedUrl(s)) return undefined;
  return withStep(s, { fn: 'get', args: [name] }, `${s.text}.${name}`);
}

const isParsedUrl = (s: Sym) => s.k === 'derived' && s.steps.at(-1)?.fn === 'url_parts';
const hasParsedUrl = (s: Sym): boolean => (s.k === 'ite' ? hasParsedUrl(s.a) || hasParsedUrl(s.b) : isParsedUrl(s));

/** A step's result on a constant as a Python constant (objects as dicts, arrays as lists); undefined for no value. */
export function pyConstant(v: unknown): PyVal | undefined {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) {
    const seq = v.map(pyConstant);
    return seq.every((x) => x !== undefined) ? { seq: seq as PyVal[] } : undefined;
  }
  if (v && typeof v === 'object') {
    const dict = Object.entries(v).map(([k, x]) => [k, pyConstant(x)] as const);
    return dict.every(([, x]) => x !== undefined) ? { dict: dict as [PyVal, PyVal][] } : undefined;
  }
  return undefined;
}

/**
 * `.get("name")` / `.get("name", [])` of parsed query parameters: the parameter's values. A parameter the query
 * lacks has no value, which reads as the empty list would under the tests rules make (truth, loops over it).
 */
export function paramValues(d: Derived, args: Sym[]): Sym | undefined {
  const [key, def] = args;
  if (d.steps.at(-1)?.fn !== 'query_params' || key?.k !== 'const' || typeof key.v !== 'string') return undefined;
  const emptyDefault = !def || (def.k === 'const' && (def.v === null || (typeof def.v === 'object' && 'seq' in def.v && def.v.seq.length === 0)));
  if (!emptyDefault) return undefined;
  return withStep(d, { fn: 'get', args: [key.v] }, `${d.text}.get(${JSON.stringify(key.v)})`);
}
