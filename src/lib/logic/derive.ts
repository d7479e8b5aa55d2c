/**
 * Derivations: the evaluable form of a computed value. A computed leaf (or scope) states its value as the rule
 * writes it (`event.get("path", "").split("/")[-1].lower()`); when every step of that computation is one the catalog
 * can run, the extractor also gives it as `derive`: the field it starts from and the steps applied in order. The
 * evaluator then decides the leaf instead of leaving it undecided. The steps are language-neutral so that a Python
 * `.lower()`, a KQL `tolower()` and an SPL `lower()` are one step.
 */
import { base64Payload } from './base64-payload.ts';
import { ruleRegex } from './rule-regex.ts';
import { ipIsGlobal, ipIsLoopback, ipIsPrivate, ipSameNetwork, ipVersion, ipWithin } from './ip.ts';
import { countryCode } from './iso-countries.ts';
import type { Value } from './types.ts';

export const DERIVE_FNS = [
  /** Lower-/upper-case a string. */
  'lower',
  'upper',
  /** Strip leading and trailing white space (args: [characters] to strip those instead). */
  'trim',
  /** Strip from the start only / the end only (args: [characters], or [] for white space): Python lstrip/rstrip. */
  'trim_start',
  'trim_end',
  /** Replace every occurrence of a non-empty text (args: [old, new]). */
  'replace',
  /** The value as text between two constant texts (args: [before, after]): Python f"/{x}", KQL strcat("/", x). */
  'concat',
  /** Length of a string, list or object. */
  'length',
  /** Split a string (args: [separator], or [] for runs of white space as Python's split()). */
  'split',
  /**
   * Split a command line into words as a POSIX shell does (Python's shlex.split): quotes group, backslash escapes;
   * no value when a quote is left open or the text ends in a lone backslash (shlex raises ValueError).
   */
  'shell_split',
  /** Element of a list by position (args: [index], negative from the end). */
  'index',
  /** Member of an object (args: [key]). */
  'get',
  /** Part of a string or list (args: [start, end]; end null for the rest; negative from the end). */
  'slice',
  /** The value's type in JSON terms: string, number, boolean, list, object or null. */
  'type',
  /** Text of a number or boolean (Python str(), KQL tostring()). */
  'string',
  /** A number from its text (Python int()/float(), KQL toint()). */
  'number',
  /** Decode base64 text as UTF-8. */
  'base64_decode',
  /** Parse JSON text (Python json.loads, KQL parse_json). */
  'json_parse',
  /** Decode %xx escapes (urllib.parse.unquote, KQL url_decode). */
  'url_decode',
  /** Keys / values of an object as a list. */
  'keys',
  'values',
  /** Capture group of a regular expression (args: [pattern, group name or number]); missing when it does not match. */
  'capture',
  /**
   * Every match of a regular expression (args: [pattern]) as Python's re.findall: the matched texts, or with one
   * group its text, or with several the list of their texts.
   */
  'find_all',
  /**
   * Whether an IP address is private (RFC 1918, loopback, link-local, unique local...) as Python's ipaddress.is_private
   * (ip.ts); args: ["network"] to read a network (`10.0.0.0/8`) as ip_network does instead of one address.
   */
  'ip_is_private',
  /** Whether an IP address (or, with ["network"], a network) is globally routable (Python's ipaddress.is_global). */
  'ip_is_global',
  /**
   * Whether the text reads as an IP address (with ["network"]: as a network) where Python's ipaddress.ip_address
   * (ip_network) would raise ValueError otherwise: `try: ip_address(x) except ValueError: return False`.
   */
  'ip_valid',
  /**
   * Whether the text read as a network equals the network args[0] (Python `ip_network(x) == ip_network("::/0")`,
   * which also holds for other spellings such as `0::/0`); no value where ip_network would raise.
   */
  'ip_same_network',
  /** A point in time from its text (ISO 8601 / RFC 3339, or epoch seconds) as epoch seconds; no value when unreadable. */
  'timestamp',
  /**
   * Seconds from a point in time (epoch seconds, after `timestamp`) to the moment of evaluation: Python's
   * `datetime.now() - ts`. A verdict on it depends on when it is taken, as the rule's own does.
   */
  'age',
  /**
   * The decoded text of a value that reads as deliberately base64-encoded, else the empty text (Panther's
   * is_base64; base64-payload.ts): at least args[0] characters (default 28), not a 32-character letters-and-digits
   * ID, only base64 characters, decoding to ASCII text (as bytes, else as UTF-16-LE) at least 70% printable.
   */
  'base64_payload',
  /**
   * Each item of a list with the item after it, as a two-item list (args: [skip] to pair it with the first later
   * item that is not `skip`); an item with nothing after it is left out: "the token after a flag".
   */
  'next_pairs',
  /**
   * An object's members as a list of {key, value} objects, in order (Python dict.items(), jq to_entries, a KQL bag
   * expanded by mv-expand): a scope over them tests a member's name and its value together.
   */
  'entries',
  /**
   * The ISO 3166-1 alpha-2 code a text spells, in any case (iso-countries.ts), upper-cased; no value when it names no
   * country: Python's `pycountry.countries.get(alpha_2=x)`, which finds the country or returns None.
   */
  'country_code',
  /**
   * The moment of evaluation as epoch seconds, whatever the input (Python datetime.now(), KQL now()): a verdict on
   * it depends on when it is taken, as the rule's own does.
   */
  'now',
  /** Add a constant to a number (args: [n]; a negative n subtracts). */
  'add',
  /** Multiply / divide a number by a constant (args: [n]); dividing by 0 gives no value (Python raises). */
  'multiply',
  'divide',
  /** The elements of a list that are objects whose member args[0] equals args[1] exactly (a filter, as jq select). */
  'where',
  /** The member args[0] of each element of a list, null where an element lacks it (Python `item.get(key)`). */
  'pluck',
  /**
   * Text of a value as Python's str() spells it: a string as is, lists and dicts with their strings quoted as repr()
   * does ('a', "it's"), None, True and False. Rules search it for quoted texts (`"'public'" in str(audience)`).
   */
  'python_str',
  /**
   * The items of a list as one text, each item as text (Python's str(), as the `string` step) with args[0] between
   * them: Python `" ".join(str(x) for x in xs)`, KQL strcat_array(xs, " "). No value for anything but a list.
   */
  'join',
  /**
   * The parts of a URL as an object {scheme, netloc, path, query, fragment}, split as Python's urllib.parse.urlsplit
   * does (no decoding): `urlparse(x).query` is this step, then `get` of "query".
   */
  'url_parts',
  /**
   * The parameters of a query string as an object of lists of values (`a=1&a=2` gives {a: ["1", "2"]}), names and
   * values decoded (`+` as a space, %xx escapes), parameters without a value left out: Python's parse_qs(x).
   */
  'query_params',
  /** Whether an IP address (or, with ["network"], a network) is a loopback one (Python's ipaddress.is_loopback). */
  'ip_is_loopback',
  /** The list without repeated items, in first-seen order (Python set(), KQL make_set()). */
  'distinct',
  /** The IP version (4 or 6) of an address (with ["network"]: of a network) as Python's `.version`; no value when unreadable. */
  'ip_version',
  /**
   * Whether an address (with [cidr, "network"]: a network, as Python's subnet_of) lies within the network args[0];
   * false across IP versions, no value when unreadable.
   */
  'ip_in_network',
] as const;
export type DeriveFn = (typeof DERIVE_FNS)[number];

export interface DeriveStep {
  fn: DeriveFn;
  args?: Value[];
}

/**
 * A computed value the evaluator can run: start from `from` (a path, as Leaf.field; `""` is the event itself, where
 * a step such as `now` reads no field) and apply `steps` in order.
 */
export interface Derivation {
  from: string;
  /** The value taken when `from` is missing or null (Python `event.get("x", "")`, `x or []`). */
  default?: Value;
  steps: DeriveStep[];
}

/** What a step yields when its input does not fit (`None.lower()` raises in Python: the rule does not match). */
export const NO_VALUE = Symbol('no value');

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'object' ? 'object' : typeof v;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function at<T>(list: readonly T[], i: number): T | undefined {
  return list[i < 0 ? list.length + i : i];
}

function sliceOf<T extends string | unknown[]>(v: T, args: Value[]): T {
  const start = typeof args[0] === 'number' ? args[0] : 0;
  const end = typeof args[1] === 'number' ? args[1] : undefined;
  return v.slice(start, end) as T;
}

// Python's default strip() set: str.isspace() characters of ASCII and Latin-1, as JS \s covers them.
const stripped = (ch: string, chars: Value | undefined) => (typeof chars === 'string' ? chars.includes(ch) : /\s/.test(ch));

function trimmed(s: string, chars: Value | undefined, start = true, end = true): string {
  let a = 0;
  let b = s.length;
  while (start && a < b && stripped(s[a], chars)) a++;
  while (end && b > a && stripped(s[b - 1], chars)) b--;
  return s.slice(a, b);
}

/** Python str() of a value: None, True/False, and JSON text for lists and objects (as the `string` step). */
function text(v: unknown): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

const REPR_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Python's repr() of a JSON value (a float that is a whole number prints as an int: JSON does not keep the difference). */
function pythonRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `[${v.map(pythonRepr).join(', ')}]`;
  if (typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${pythonRepr(k)}: ${pythonRepr(x)}`).join(', ')}}`;
  const s = String(v);
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (REPR_ESCAPES[ch]) out += REPR_ESCAPES[ch];
    else if (ch === quote) out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return quote + out + quote;
}

function base64Decoded(s: string): string | typeof NO_VALUE {
  const t = s.trim();
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(t) || t.length % 4 === 1) return NO_VALUE;
  const text = Buffer.from(t, 'base64').toString('utf8');
  return text.includes('\uFFFD') ? NO_VALUE : text;
}

const pythonRegex = (pattern: Value | undefined, flags = '') => (typeof pattern === 'string' ? ruleRegex(pattern, flags) : undefined);

function foundAll(s: string, pattern: Value | undefined): unknown[] | typeof NO_VALUE {
  const re = pythonRegex(pattern, 'g');
  if (!re) return NO_VALUE;
  return [...s.matchAll(re)].map((m) => (m.length === 1 ? m[0] : m.length === 2 ? (m[1] ?? '') : m.slice(1).map((g) => g ?? '')));
}

function captured(s: string, pattern: Value | undefined, group: Value | undefined): string | typeof NO_VALUE {
  if (typeof pattern !== 'string') return NO_VALUE;
  const re = pythonRegex(pattern);
  if (!re) return NO_VALUE;
  const m = re.exec(s);
  if (!m) return NO_VALUE;
  const hit = typeof group === 'string' ? m.groups?.[group] : m[typeof group === 'number' ? group : 1];
  return hit ?? NO_VALUE;
}

function epochSeconds(v: unknown): number | typeof NO_VALUE {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v !== 'string' || !/^\s*\d{4}-\d{2}-\d{2}/.test(v)) return typeof v === 'string' && /^\s*\d{9,12}(\.\d+)?\s*$/.test(v) ? Number(v) : NO_VALUE;
  // A time without a zone reads as UTC (Python's naive datetimes in Panther run in UTC).
  const text = v.trim().replace(' ', 'T');
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(text) || !text.includes('T') ? text : `${text}Z`;
  const ms = Date.parse(/T/.test(zoned) ? zoned : `${zoned}T00:00:00Z`);
  return Number.isNaN(ms) ? NO_VALUE : ms / 1000;
}

const SHELL_SPACE = ' \t\r\n';
// Inside double quotes shlex lets a backslash escape only these (and keeps it before any other character).
const DOUBLE_QUOTE_ESCAPES = '\\"';

/** POSIX shell words of a text as Python's shlex.split (no comments); NO_VALUE where shlex raises ValueError. */
function shellWords(s: string): string[] | typeof NO_VALUE {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (SHELL_SPACE.includes(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (ch === '\\') {
      if (i + 1 >= s.length) return NO_VALUE;
      word = (word ?? '') + s[++i];
    } else if (ch === "'" || ch === '"') {
      const close = ch;
      word = word ?? '';
      for (i++; i < s.length && s[i] !== close; i++) {
        if (close === '"' && s[i] === '\\' && i + 1 < s.length && DOUBLE_QUOTE_ESCAPES.includes(s[i + 1])) i++;
        word += s[i];
      }
      if (i >= s.length) return NO_VALUE;
    } else word = (word ?? '') + ch;
  }
  if (word !== undefined) words.push(word);
  return words;
}

function nextPairs(items: unknown[], args: Value[]): unknown[][] {
  const skipped = (x: unknown) => args.length > 0 && x === args[0];
  const pairs: unknown[][] = [];
  for (let i = 0; i < items.length; i++) {
    let j = i + 1;
    while (j < items.length && skipped(items[j])) j++;
    if (j < items.length) pairs.push([items[i], items[j]]);
  }
  return pairs;
}

/** urllib.parse.urlsplit: scheme (lower-cased), netloc after "//", then fragment after "#" and query after "?". */
function urlParts(url: string): Record<string, string> {
  let rest = url;
  let scheme = '';
  const colon = rest.indexOf(':');
  if (colon > 0 && /^[A-Za-z][A-Za-z0-9+.-]*$/.test(rest.slice(0, colon))) {
    scheme = rest.slice(0, colon).toLowerCase();
    rest = rest.slice(colon + 1);
  }
  let netloc = '';
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end < 0 ? rest.slice(2) : rest.slice(2, end + 2);
    rest = end < 0 ? '' : rest.slice(end + 2);
  }
  const cut = (sep: string): string => {
    const i = rest.indexOf(sep);
    if (i < 0) return '';
    const part = rest.slice(i + 1);
    rest = rest.slice(0, i);
    return part;
  };
  const fragment = cut('#');
  const query = cut('?');
  return { scheme, netloc, path: rest, query, fragment };
}

/** Python's unquote_plus, lenient as it is: a `%` not followed by two hex digits stays as written. */
function unquotePlus(s: string): string {
  const bytes: number[] = [];
  const text = s.replace(/\+/g, ' ');
  const out: string[] = [];
  const flush = () => {
    if (bytes.length) out.push(Buffer.from(bytes).toString('utf8'));
    bytes.length = 0;
  };
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      flush();
      out.push(text[i]);
    }
  }
  flush();
  return out.join('');
}

/** parse_qs with its defaults: pairs split on "&", a pair without "=" or with an empty value is left out. */
function queryParams(q: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const pair of q.split('&')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || eq === pair.length - 1) continue;
    const name = unquotePlus(pair.slice(0, eq));
    (out[name] ??= []).push(unquotePlus(pair.slice(eq + 1)));
  }
  return out;
}

/** One step on one value; NO_VALUE when the input does not fit the step. */
export function applyStep(v: unknown, step: DeriveStep): unknown {
  const args = step.args ?? [];
  if (step.fn === 'type') return typeName(v);
  if (step.fn === 'now') return Date.now() / 1000;
  if (v === NO_VALUE || v === undefined) return step.fn === 'ip_valid' ? false : NO_VALUE;
  switch (step.fn) {
    case 'lower':
      return typeof v === 'string' ? v.toLowerCase() : NO_VALUE;
    case 'upper':
      return typeof v === 'string' ? v.toUpperCase() : NO_VALUE;
    case 'trim':
      return typeof v === 'string' ? trimmed(v, args[0]) : NO_VALUE;
    case 'trim_start':
    case 'trim_end':
      return typeof v === 'string' ? trimmed(v, args[0], step.fn === 'trim_start', step.fn === 'trim_end') : NO_VALUE;
    case 'replace':
      return typeof v === 'string' && typeof args[0] === 'string' && args[0] !== '' && typeof args[1] === 'string' ? v.split(args[0]).join(args[1]) : NO_VALUE;
    case 'concat':
      return `${typeof args[0] === 'string' ? args[0] : ''}${text(v)}${typeof args[1] === 'string' ? args[1] : ''}`;
    case 'length':
      if (typeof v === 'string' || Array.isArray(v)) return v.length;
      return v !== null && typeof v === 'object' ? Object.keys(v).length : NO_VALUE;
    case 'split':
      if (typeof v !== 'string') return NO_VALUE;
      return typeof args[0] === 'string' && args[0] !== '' ? v.split(args[0]) : v.trim().split(/\s+/).filter(Boolean);
    case 'shell_split':
      return typeof v === 'string' ? shellWords(v) : NO_VALUE;
    case 'index': {
      if (!Array.isArray(v) && typeof v !== 'string') return NO_VALUE;
      const item = typeof args[0] === 'number' ? at(Array.isArray(v) ? v : [...v], args[0]) : undefined;
      return item === undefined ? NO_VALUE : item;
    }
    case 'get':
      return v !== null && typeof v === 'object' && !Array.isArray(v) && typeof args[0] === 'string' && Object.hasOwn(v, args[0])
        ? (v as Record<string, unknown>)[args[0]]
        : NO_VALUE;
    case 'slice':
      return typeof v === 'string' || Array.isArray(v) ? sliceOf(v, args) : NO_VALUE;
    case 'string':
      return v === null ? 'None' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    case 'number': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
      return Number.isNaN(n) ? NO_VALUE : n;
    }
    case 'base64_decode':
      return typeof v === 'string' ? base64Decoded(v) : NO_VALUE;
    case 'json_parse':
      if (typeof v !== 'string') return v;
      try {
        return JSON.parse(v);
      } catch {
        return NO_VALUE;
      }
    case 'join':
      return Array.isArray(v) ? v.map(text).join(typeof args[0] === 'string' ? args[0] : '') : NO_VALUE;
    case 'url_parts':
      return typeof v === 'string' ? urlParts(v) : NO_VALUE;
    case 'query_params':
      return typeof v === 'string' ? queryParams(v) : NO_VALUE;
    case 'url_decode':
      try {
        return typeof v === 'string' ? decodeURIComponent(v) : NO_VALUE;
      } catch {
        return NO_VALUE;
      }
    case 'entries':
      if (!isObject(v)) return NO_VALUE;
      return Object.entries(v).map(([key, value]) => ({ key, value }));
    case 'keys':
    case 'values':
      if (!isObject(v)) return NO_VALUE;
      return step.fn === 'keys' ? Object.keys(v) : Object.values(v);
    case 'capture':
      return typeof v === 'string' ? captured(v, args[0], args[1]) : NO_VALUE;
    case 'find_all':
      return typeof v === 'string' ? foundAll(v, args[0]) : NO_VALUE;
    case 'timestamp':
      return epochSeconds(v);
    case 'age':
      return typeof v === 'number' ? Date.now() / 1000 - v : NO_VALUE;
    case 'next_pairs':
      return Array.isArray(v) ? nextPairs(v, args) : NO_VALUE;
    case 'base64_payload':
      return typeof v === 'string' ? base64Payload(v, typeof args[0] === 'number' ? args[0] : undefined) : NO_VALUE;
    case 'add':
    case 'multiply':
    case 'divide': {
      const n = args[0];
      if (typeof v !== 'number' || typeof n !== 'number' || (step.fn === 'divide' && n === 0)) return NO_VALUE;
      return step.fn === 'add' ? v + n : step.fn === 'multiply' ? v * n : v / n;
    }
    case 'where':
      if (!Array.isArray(v) || typeof args[0] !== 'string') return NO_VALUE;
      return v.filter((e) => isObject(e) && Object.hasOwn(e, args[0] as string) && e[args[0] as string] === args[1]);
    case 'pluck':
      if (!Array.isArray(v) || typeof args[0] !== 'string') return NO_VALUE;
      return v.map((e) => (isObject(e) && Object.hasOwn(e, args[0] as string) ? e[args[0] as string] : null));
    case 'python_str':
      return typeof v === 'string' ? v : pythonRepr(v);
    case 'country_code':
      return (typeof v === 'string' && countryCode(v)) || NO_VALUE;
    case 'ip_version': {
      const r = typeof v === 'string' ? ipVersion(v, args[0] === 'network') : undefined;
      return r === undefined ? NO_VALUE : r;
    }
    case 'ip_in_network': {
      const r = typeof v === 'string' && typeof args[0] === 'string' ? ipWithin(v, args[0], args[1] === 'network') : undefined;
      return r === undefined ? NO_VALUE : r;
    }
    case 'distinct':
      return Array.isArray(v) ? v.filter((x, i) => v.findIndex((y) => JSON.stringify(y) === JSON.stringify(x)) === i) : NO_VALUE;
    case 'ip_valid':
      return typeof v === 'string' && ipIsPrivate(v, args[0] === 'network') !== undefined;
    case 'ip_same_network': {
      const r = typeof v === 'string' ? ipSameNetwork(v, String(args[0])) : undefined;
      return r === undefined ? NO_VALUE : r;
    }
    case 'ip_is_private':
    case 'ip_is_global':
    case 'ip_is_loopback': {
      const asNetwork = args[0] === 'network';
      const test = step.fn === 'ip_is_private' ? ipIsPrivate : step.fn === 'ip_is_global' ? ipIsGlobal : ipIsLoopback;
      const r = typeof v === 'string' ? test(v, asNetwork) : undefined;
      return r === undefined ? NO_VALUE : r;
    }
  }
}

/** The derived value of one input (NO_VALUE when a step does not fit). */
export function derive(input: unknown, steps: readonly DeriveStep[]): unknown {
  return steps.reduce<unknown>((v, step) => applyStep(v, step), input);
}
