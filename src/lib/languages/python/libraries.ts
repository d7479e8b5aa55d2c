/**
 * Libraries whose meaning the interpreter knows instead of following their code: Panther helpers that read a
 * value (listify, resolve_timestamp_string) or another resource (resource_lookup), and datetime / dateutil
 * (policyuniverse has its own module). What they compute that no tree can say (the time a policy runs) stays an
 * unknown part with a reason naming it.
 */
import type { CompareOp } from './ast.ts';
import { FALSE, TRUE, cAnd, leafC, unknownC, type C } from './conditions.ts';
import type { DeriveStep } from '../../logic/derive.ts';
import type { LeafKind } from '../../logic/types.ts';
import { emptinessLeaf } from './compare.ts';
import { keyedList } from './keyed-lists.ts';
import { isBase64Call } from './base64-helper.ts';
import { epochOf } from './epoch.ts';
import { constSym, isSeq, unknownSym, type Sym } from './values.ts';
import { compareValues, derivedOf, withStep, yieldsList, type Derived } from './derived.ts';

type Field = Extract<Sym, { k: 'field' }>;
type DateSym = Extract<Sym, { k: 'date' }>;
type SpanSym = Extract<Sym, { k: 'span' }>;

/** Panther helpers that read the event by path; their bodies (reduce over keys) are not worth following. */
export const PATH_HELPERS = new Set(['deep_get', 'deep_walk', 'get_val_from_list']);
/**
 * Panther helpers that parse an event time (a Go or Panther time with nanoseconds, rounded to microseconds before
 * strptime): read as the time the text gives (the `timestamp` step), their regex and strptime steps not followed.
 */
const TIME_PARSERS: Record<string, true> = { golang_nanotime_to_python_datetime: true, panther_nanotime_to_python_datetime: true };
/** Panther helpers known by name: their bodies are not followed. */
export const KNOWN_HELPERS = new Set([...PATH_HELPERS, 'listify', 'resolve_timestamp_string', 'resource_lookup', 'is_base64', 'key_value_list_to_dict', ...Object.keys(TIME_PARSERS)]);

/** listify(x): a list stays a list, anything else becomes a list of itself. */
export function listify(a: Sym | undefined): Sym {
  if (!a) return unknownSym('listify');
  if (a.k === 'field') return a.path.length ? { ...a, list: true } : unknownSym('listify of the event');
  if (a.k === 'const') return isSeq(a.v) ? a : constSym({ seq: [a.v] });
  if (a.k === 'ite') return { ...a, a: listify(a.a), b: listify(a.b) };
  if (a.k === 'seq' || a.k === 'map') return a;
  if (a.k === 'dict' || a.k === 'fstring') return { k: 'seq', items: [a] };
  return a.k === 'unknown' ? a : unknownSym('listify of a computed value');
}

const RESOURCE_LOOKUP = "resource lookup: resource_lookup() reads another resource's snapshot";

/** A call of a known Panther helper (other than the path helpers), by name. */
export function knownHelper(name: string, args: Sym[], kwargs: Record<string, Sym> = {}): Sym {
  if (name === 'listify') return listify(args[0]);
  if (name === 'is_base64') return isBase64Call(args, kwargs);
  if (name === 'resolve_timestamp_string' || TIME_PARSERS[name]) return dateOf(args[0]);
  if (name === 'key_value_list_to_dict') return keyedList(args);
  return unknownSym(RESOURCE_LOOKUP);
}

// --- Dates -------------------------------------------------------------------------------------------------

const NOW = new Set(['now', 'utcnow', 'today']);
const PARSE = new Set(['dateutil.parser.parse', 'dateutil.parser.isoparse', 'strptime', 'fromisoformat', 'fromtimestamp', 'utcfromtimestamp']);
const UNITS: Record<string, number> = { weeks: 604800, days: 86400, hours: 3600, minutes: 60, seconds: 1 };

function dateOf(a: Sym | undefined): Sym {
  if (a?.k === 'field' && a.path.length) return { k: 'date', of: a };
  if (a?.k === 'ite') return { ...a, a: dateOf(a.a), b: dateOf(a.b) };
  if (a?.k === 'const' && a.v === null) return constSym(null);
  return (a && epochOf(a)) ?? unknownSym('date of a computed value');
}

/** datetime.now(), datetime.strptime(x, ...), dateutil.parser.parse(x), timedelta(days=90); undefined for others. */
export function dateCall(name: string, args: Sym[], kwargs: Record<string, Sym>): Sym | undefined {
  const parts = name.split('.');
  const last = parts.at(-1)!;
  if (!name.startsWith('datetime') && !name.startsWith('dateutil')) return undefined;
  if (NOW.has(last) && parts.length >= 2) return { k: 'date', now: true };
  if (last === 'datetime' || last === 'date') return writtenDate(args, kwargs);
  if (PARSE.has(last) || PARSE.has(name)) return dateOf(args[0]);
  if (last === 'timedelta') {
    let seconds = 0;
    const given: [string, Sym | undefined][] = [['days', args[0]], ['seconds', args[1]], ...Object.entries(kwargs)];
    for (const [unit, v] of given) {
      if (!v) continue;
      if (v.k !== 'const' || typeof v.v !== 'number' || !UNITS[unit]) return unknownSym('computed time span');
      seconds += v.v * UNITS[unit];
    }
    return { k: 'span', seconds };
  }
  return undefined;
}

const DATE_PARTS = ['year', 'month', 'day', 'hour', 'minute', 'second'];

/** datetime(2030, 6, 2) / datetime(year=2030, month=6, day=2): a date the rule writes, read as UTC. */
function writtenDate(args: Sym[], kwargs: Record<string, Sym>): Sym {
  const n = DATE_PARTS.map((p, i) => {
    const v = args[i] ?? kwargs[p];
    return v === undefined ? (i < 3 ? undefined : 0) : v.k === 'const' && typeof v.v === 'number' && Number.isInteger(v.v) ? v.v : undefined;
  });
  if (n.some((x) => x === undefined) || args.length > 6) return unknownSym('computed date');
  const [y, mo, d, h, mi, sec] = n as number[];
  return { k: 'date', at: Date.UTC(y, mo - 1, d, h, mi, sec) / 1000 };
}

/** Arithmetic on dates: date - date is a span, date ± span a date, span ± span a span. */
export function dateArithmetic(op: string, a: Sym, b: Sym): Sym | undefined {
  if (op !== '+' && op !== '-') return undefined;
  if (a.k === 'date' && b.k === 'date' && op === '-') return { k: 'span', a, b };
  if (a.k === 'date' && b.k === 'span' && b.seconds !== undefined) return { ...a, shift: (a.shift ?? 0) + (op === '+' ? b.seconds : -b.seconds) };
  if (a.k === 'span' && b.k === 'span' && a.seconds !== undefined && b.seconds !== undefined) return { k: 'span', seconds: op === '+' ? a.seconds + b.seconds : a.seconds - b.seconds };
  if (a.k === 'date' || b.k === 'date' || a.k === 'span' || b.k === 'span') return unknownSym('computed date');
  return undefined;
}

/** `.days` of a span, `.total_seconds()`: the span counted in a unit. */
export function spanIn(s: SpanSym, unit: 'days' | 'seconds'): Sym {
  return s.seconds !== undefined ? constSym(unit === 'days' ? Math.floor(s.seconds / 86400) : s.seconds) : { ...s, unit };
}

function durationText(seconds: number): string {
  for (const [unit, n] of Object.entries(UNITS)) if (seconds % n === 0 && Math.abs(seconds) >= n) return `${seconds / n} ${unit}`;
  return `${seconds} seconds`;
}

function dateText(d: DateSym): string {
  if (d.at !== undefined) return new Date((d.at + (d.shift ?? 0)) * 1000).toISOString().replace('.000Z', 'Z');
  const base = d.now ? 'now' : d.of!.path.join('.');
  return d.shift ? `${base} ${d.shift < 0 ? '-' : '+'} ${durationText(Math.abs(d.shift))}` : base;
}

function spanText(s: SpanSym): string {
  if (s.seconds !== undefined) return durationText(s.seconds);
  const [a, b] = [s.a!, s.b!];
  if (a.now && !a.shift && b.of) return `time since ${dateText(b)}`;
  if (b.now && !b.shift && a.of) return `time until ${dateText(a)}`;
  return `${dateText(a)} - ${dateText(b)}`;
}

function fieldsOf(s: Sym): Field[] {
  if (s.k === 'date') return s.of ? [s.of] : [];
  if (s.k === 'span') return [...(s.a ? fieldsOf(s.a) : []), ...(s.b ? fieldsOf(s.b) : [])];
  return [];
}

const ORDER: Partial<Record<CompareOp, LeafKind>> = { '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };
const FLIPPED: Partial<Record<CompareOp, CompareOp>> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** The event value whose age a span is (`now - parse(x)`), with the unit it is read in. */
function ageOf(s: Sym): { of: Field; unit?: 'days' | 'seconds' } | undefined {
  if (s.k !== 'span' || !s.a?.now || s.a.shift || !s.b?.of || s.b.shift) return undefined;
  return { of: s.b.of, unit: s.unit };
}

/** "seconds since x" compared with a number of seconds: a computed leaf the evaluator runs on the clock. */
function ageLeaf(of: Field, op: CompareOp, seconds: number): C | undefined {
  const kind = ORDER[op];
  if (!kind) return undefined;
  const from = of.path.join('.');
  const steps: DeriveStep[] = [...(of.lower ? [{ fn: 'lower' as const }] : []), { fn: 'timestamp' }, { fn: 'age' }];
  return leafC({ type: 'leaf', field: `seconds since ${from}`, kind, values: [seconds], computed: ['datetime.now'], derive: { from, steps } });
}

/** `now op t` for a date t the rule writes (epoch seconds): a leaf on the clock, decided when it is evaluated. */
function clockLeaf(op: CompareOp, seconds: number): C {
  return leafC({ type: 'leaf', field: 'now', kind: ORDER[op]!, values: [seconds], computed: ['datetime.now'], derive: { from: '', steps: [{ fn: 'now' }] } });
}

/** The time of an event value as a computed value (its `timestamp`), shifted by seconds. */
function timeOf(d: DateSym, shift: number): Derived | undefined {
  const from = d.of && derivedOf(d.of);
  if (!from || yieldsList(from)) return undefined;
  const time = withStep(from, { fn: 'timestamp' }, `time of ${from.text}`, 'strptime');
  return shift ? withStep(time, { fn: 'add', args: [shift] }, `${time.text} ${shift < 0 ? '-' : '+'} ${durationText(Math.abs(shift))}`, '-') : time;
}

/** `a - b op span` of two event times: `a - span op b`, one time against the other. */
function twoTimes(a: DateSym, b: DateSym, op: CompareOp, seconds: number): C | undefined {
  const left = timeOf(a, (a.shift ?? 0) - (b.shift ?? 0) - seconds);
  const right = timeOf(b, 0);
  return left && right ? compareValues(left, ORDER[op]!, right) : undefined;
}

/** `(now - t).days op n`: whole days, so `> n` is at least n + 1 days. */
function daysLeaf(of: Field, op: CompareOp, n: number): C | undefined {
  if (op === '>') return ageLeaf(of, '>=', (n + 1) * 86400);
  if (op === '>=') return ageLeaf(of, '>=', n * 86400);
  if (op === '<') return ageLeaf(of, '<', n * 86400);
  if (op === '<=') return ageLeaf(of, '<', (n + 1) * 86400);
  return undefined;
}

/** A comparison of an event time's age (or of the time itself with a shifted now) the tree can state. */
function ageCompare(a: Sym, b: Sym, op: CompareOp): C | undefined {
  // t - now (time until t) op n: the age of t is the other way round, -age op n.
  const until = a.k === 'span' && a.a?.of && !a.a.shift && a.b?.now && !a.b.shift && !a.unit ? a.a.of : undefined;
  if (until && b.k === 'span' && b.seconds !== undefined && FLIPPED[op]) return ageLeaf(until, FLIPPED[op]!, -b.seconds);
  const age = ageOf(a);
  if (age && b.k === 'span' && b.seconds !== undefined && !age.unit) return ageLeaf(age.of, op, b.seconds);
  if (age && b.k === 'const' && typeof b.v === 'number') return age.unit === 'days' ? daysLeaf(age.of, op, b.v) : age.unit === 'seconds' ? ageLeaf(age.of, op, b.v) : undefined;
  // now < datetime(2030, 6, 2): the clock against a date the rule writes.
  if (a.k === 'date' && a.now && b.k === 'date' && b.at !== undefined && ORDER[op]) return clockLeaf(op, b.at + (b.shift ?? 0) - (a.shift ?? 0));
  // a - b op 12 hours, a and b event times: a moved back by the span against b.
  if (a.k === 'span' && a.a?.of && a.b?.of && !a.unit && b.k === 'span' && b.seconds !== undefined && ORDER[op]) return twoTimes(a.a, a.b, op, b.seconds);
  // x < now - 90 days: the age of x is more than 90 days.
  if (a.k === 'date' && a.of && !a.shift && b.k === 'date' && b.now && FLIPPED[op]) return ageLeaf(a.of, FLIPPED[op]!, -(b.shift ?? 0));
  return undefined;
}

/**
 * A comparison involving a date against the time the policy runs (or another date): the age of an event time
 * compared with a length of time is a computed leaf (seconds since x); other comparisons stay unknown, named, and
 * known to need the dates they read.
 */
export function dateCompare(a: Sym, b: Sym, op: CompareOp): C | undefined {
  const dated = (s: Sym) => s.k === 'date' || s.k === 'span';
  if (!dated(a) && !dated(b)) return undefined;
  const stated = ageCompare(a, b, op) ?? (FLIPPED[op] ? ageCompare(b, a, FLIPPED[op]!) : undefined);
  if (stated) return stated;
  // False > timedelta(...), None < datetime(...): Python raises TypeError, the rule errors and raises no alert.
  const noTime = (s: Sym) => s.k === 'const' && (s.v === null || typeof s.v === 'boolean');
  if (ORDER[op] && (noTime(a) || noTime(b))) return FALSE;
  const text = (s: Sym) => (s.k === 'date' ? dateText(s) : s.k === 'span' ? spanText(s) : s.k === 'const' ? `${JSON.stringify(s.v)}${unitOf(a) ?? unitOf(b) ?? ''}` : s.k);
  const needs = cAnd(...[...fieldsOf(a), ...fieldsOf(b)].map((f) => emptinessLeaf(f, 'is_not_null')));
  const reason = `date comparison: ${text(a)} ${op} ${text(b)}`;
  return unknownC(reason, { implies: needs, impliesNot: needs });
}

const unitOf = (s: Sym) => (s.k === 'span' && s.unit ? ` ${s.unit}` : undefined);

/** The truth of a date: a parsed one holds when its text reads as a time (resolve_timestamp_string gives None otherwise). */
export function dateTruth(s: DateSym): C {
  if (!s.of) return TRUE;
  const from = s.of.path.join('.');
  const steps: DeriveStep[] = [...(s.of.lower ? [{ fn: 'lower' as const }] : []), { fn: 'timestamp' }];
  return leafC({ type: 'leaf', field: `time of ${from}`, kind: 'is_not_null', values: [], computed: ['resolve_timestamp_string'], derive: { from, steps } });
}
