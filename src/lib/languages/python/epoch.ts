/**
 * Points in time the rule computes from a text and then counts in seconds, as a cache of last-seen times does
 * (`time.mktime(datetime.fromisoformat(parse_time[:23]).timetuple()) - PERIOD`): epoch seconds as a derived value
 * (derive steps `timestamp`, `add`), so that comparing it with a number is a decided leaf. Times without a zone
 * read as UTC, the zone Panther runs rules in (time.mktime reads local time).
 */
import { asDerived, type Derived, withStep, yieldsList } from './derived.ts';
import type { Sym } from './values.ts';

const isEpoch = (s: Sym): s is Derived => s.k === 'derived' && (s.steps.at(-1)?.fn === 'timestamp' || (s.steps.at(-1)?.fn === 'add' && s.steps.at(-2)?.fn === 'timestamp'));

/** datetime.fromisoformat(x) of a computed text (a slice of a field): its time in epoch seconds. */
export function epochOf(a: Sym): Sym | undefined {
  if (a.k !== 'derived' && a.k !== 'part') return undefined;
  const d = asDerived(a);
  return d && !yieldsList(d) ? withStep(d, { fn: 'timestamp' }, `datetime(${d.text})`, 'datetime') : undefined;
}

/** `.timetuple()` / `.timestamp()` of such a time: the same instant. */
export function epochMethod(s: Sym, name: string): Sym | undefined {
  return isEpoch(s) && (name === 'timetuple' || name === 'timestamp') ? s : undefined;
}

/** time.mktime(t.timetuple()) / calendar.timegm(...): the instant in epoch seconds. */
export function epochCall(name: string, args: Sym[]): Sym | undefined {
  const [a] = args;
  return (name === 'time.mktime' || name === 'calendar.timegm') && args.length === 1 && isEpoch(a) ? a : undefined;
}

/** Seconds added to or taken from such a time. */
export function epochArithmetic(op: string, a: Sym, b: Sym): Sym | undefined {
  if ((op !== '+' && op !== '-') || !isEpoch(a) || b.k !== 'const' || typeof b.v !== 'number') return undefined;
  const n = op === '+' ? b.v : -b.v;
  return withStep(a, { fn: 'add', args: [n] }, `${a.text} ${op} ${b.v}`, op);
}
