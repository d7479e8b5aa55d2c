/**
 * Runs a rule's whole logic over a list of events: each stage's filter (with the one event evaluator of
 * evaluate.ts), then the correlation across events (sequence order, join keys, window, counts, new terms,
 * indicator match). Multi-event tests (Panther correlation and threshold tests, golden sequences) are checked
 * with it. Events are taken in time order (`timeField`, else their list order).
 */
import { evaluateConjuncts, resolvePath, type EvaluateOptions } from './evaluate.ts';
import { logicStages } from './tree.ts';
import type { Correlation, RuleLogic, Stage } from './types.ts';

export interface EventsOptions extends EvaluateOptions {
  /** Field holding the event time (ISO text or epoch milliseconds); default @timestamp. */
  timeField?: string;
}

export interface EventsResult {
  /** False when the correlation's condition is text this evaluator cannot read (ES|QL column expressions). */
  evaluable: boolean;
  /** Each alert as the indices (in the input list) of the events that make it up. */
  alerts: number[][];
}

interface Timed {
  index: number;
  time: number;
  event: unknown;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "30s", "5m", "24h", "now-14d", "10 minutes" → milliseconds; undefined when the text has no duration. */
export function durationMs(text: string | undefined): number | undefined {
  const m = /(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|sec|seconds?|m|min|minutes?|h|hours?|d|days?|w|weeks?)\b/i.exec(text ?? '');
  if (!m) return undefined;
  const unit = m[2].toLowerCase();
  const key = unit.startsWith('ms') || unit.startsWith('milli') ? 'ms' : unit[0];
  return Number(m[1]) * UNITS[key];
}

function timed(events: unknown[], options: EventsOptions): Timed[] {
  const field = options.timeField ?? '@timestamp';
  return events
    .map((event, index) => {
      const raw = resolvePath(event, field, options)[0];
      const time = typeof raw === 'number' ? raw : typeof raw === 'string' ? Date.parse(raw) : NaN;
      return { index, time: Number.isNaN(time) ? index : time, event };
    })
    .sort((a, b) => a.time - b.time || a.index - b.index);
}

/** The join key of an event for a stage: shared keys then the stage's own; undefined when one is missing. */
function keyOf(e: Timed, correlation: Correlation | undefined, stage: Stage, options: EventsOptions): string | undefined {
  const fields = [...(correlation?.by ?? []), ...(stage.by ?? [])];
  const values = fields.map((f) => resolvePath(e.event, f, options).find((v) => v !== null && v !== undefined && typeof v !== 'symbol'));
  return values.some((v) => v === undefined) ? undefined : JSON.stringify(values.map((v) => (typeof v === 'string' ? v.toLowerCase() : v)));
}

export function evaluateEvents(logic: RuleLogic, events: unknown[], options: EventsOptions = {}): EventsResult {
  const stages = logicStages(logic);
  const correlation = logic.correlation;
  const list = timed(events, options);
  const matches = (e: Timed, s: Stage) => evaluateConjuncts(s.conjuncts, e.event, options);
  if (!correlation || correlation.kind === 'union') {
    return { evaluable: true, alerts: list.filter((e) => stages.some((s) => matches(e, s))).map((e) => [e.index]) };
  }
  const window = durationMs(correlation.window);
  switch (correlation.kind) {
    case 'sequence':
      return { evaluable: true, alerts: sequenceAlerts(list, stages, correlation, window, options) };
    case 'sample':
    case 'temporal':
    case 'join':
      return { evaluable: true, alerts: togetherAlerts(list, stages, correlation, window, options) };
    case 'new_terms':
      return { evaluable: true, alerts: newTermsAlerts(list, stages[0], correlation, options) };
    case 'indicator_match':
      return indicatorAlerts(list, stages, correlation, options);
    default:
      return countAlerts(list, stages[0], correlation, window, options);
  }
}

interface Partial {
  key: string;
  /** Index in `steps` of the stage awaited next. */
  next: number;
  start: number;
  runs: number;
  indices: number[];
}

/**
 * Ordered stages per key within the window. `until` drops the key's partial sequences; a missing stage seen
 * before the stage after it breaks a partial sequence; trailing missing stages must stay unseen for the window.
 */
function sequenceAlerts(list: Timed[], stages: Stage[], correlation: Correlation, window: number | undefined, options: EventsOptions): number[][] {
  const steps = stages.filter((s) => s.role !== 'until');
  const until = stages.filter((s) => s.role === 'until');
  const positive = steps.flatMap((s, i) => (s.role === 'missing' ? [] : [i]));
  const trailing = steps.filter((s, i) => s.role === 'missing' && i > positive[positive.length - 1]);
  const nextPositive = (i: number) => positive.find((j) => j > i) ?? steps.length;
  const seen = (e: Timed, s: Stage, key: string) => keyOf(e, correlation, s, options) === key && evaluateConjuncts(s.conjuncts, e.event, options);
  let open: Partial[] = [];
  let pending: Partial[] = [];
  const alerts: number[][] = [];
  const advance = (p: Partial, e: Timed) => {
    p.indices.push(e.index);
    if (++p.runs < (steps[p.next].runs ?? 1)) return;
    p.runs = 0;
    p.next = nextPositive(p.next);
    if (p.next < steps.length) return;
    open = open.filter((q) => q !== p);
    if (trailing.length) pending.push(p);
    else alerts.push(p.indices);
  };
  for (const e of list) {
    const expired = (p: Partial) => window !== undefined && e.time - p.start > window;
    // Trailing missing stages unseen for the whole window: the sequence stands.
    for (const p of pending.filter(expired)) alerts.push(p.indices);
    pending = pending.filter((p) => !expired(p) && !trailing.some((s) => seen(e, s, p.key)));
    open = open.filter((p) => !expired(p) && !until.some((s) => seen(e, s, p.key)));
    open = open.filter((p) => !(p.next > 0 && steps[p.next - 1].role === 'missing' && seen(e, steps[p.next - 1], p.key)));
    const waiting = open.find((p) => seen(e, steps[p.next], p.key));
    if (waiting) {
      advance(waiting, e);
      continue;
    }
    const first = steps[positive[0]];
    const key = keyOf(e, correlation, first, options);
    if (key === undefined || !evaluateConjuncts(first.conjuncts, e.event, options)) continue;
    const p: Partial = { key, next: positive[0], start: e.time, runs: 0, indices: [] };
    open.push(p);
    advance(p, e);
  }
  for (const p of pending) alerts.push(p.indices);
  return alerts.sort((a, b) => a[0] - b[0]);
}

/**
 * Every stage seen for the same key, in any order, within the window when there is one: `runs` events of a stage
 * that needs several, and none of a stage that must not occur (`missing`) within the window on either side.
 */
function togetherAlerts(list: Timed[], stages: Stage[], correlation: Correlation, window: number | undefined, options: EventsOptions): number[][] {
  const byKey = new Map<string, Timed[][]>();
  for (const e of list) {
    stages.forEach((s, i) => {
      const key = keyOf(e, correlation, s, options);
      if (key === undefined || !evaluateConjuncts(s.conjuncts, e.event, options)) return;
      const slots = byKey.get(key) ?? stages.map(() => []);
      slots[i].push(e);
      byKey.set(key, slots);
    });
  }
  const present = stages.flatMap((s, i) => (s.role === 'missing' ? [] : [i]));
  const absent = stages.flatMap((s, i) => (s.role === 'missing' ? [i] : []));
  const alerts: number[][] = [];
  for (const slots of byKey.values()) {
    for (const anchor of present.flatMap((i) => slots[i]).sort((a, b) => a.time - b.time)) {
      const within = (e: Timed) => e.time >= anchor.time && (window === undefined || e.time - anchor.time <= window);
      const near = (e: Timed) => window === undefined || Math.abs(e.time - anchor.time) <= window;
      const picked = present.map((i) => slots[i].filter(within).slice(0, stages[i].runs ?? 1));
      if (picked.every((p, j) => p.length >= (stages[present[j]].runs ?? 1)) && !absent.some((i) => slots[i].some(near))) {
        alerts.push(picked.flat().map((e) => e.index));
        break;
      }
    }
  }
  return alerts;
}

/** An event whose key (the new-terms fields) was not seen before it within the history window. */
function newTermsAlerts(list: Timed[], stage: Stage, correlation: Correlation, options: EventsOptions): number[][] {
  const history = durationMs(correlation.detail);
  const seen = new Map<string, number>();
  const alerts: number[][] = [];
  for (const e of list) {
    if (!evaluateConjuncts(stage.conjuncts, e.event, options)) continue;
    const key = keyOf(e, correlation, { conjuncts: [] }, options);
    if (key === undefined) continue;
    const last = seen.get(key);
    if (last === undefined || (history !== undefined && e.time - last > history)) alerts.push([e.index]);
    seen.set(key, e.time);
  }
  return alerts;
}

/** `event.field == indicator.field` pairs, and-ed within a group, or-ed across groups. */
function indicatorAlerts(list: Timed[], stages: Stage[], correlation: Correlation, options: EventsOptions): EventsResult {
  const groups = (correlation.condition ?? '').split(/\s+or\s+/).map((g) =>
    g
      .replace(/^\(|\)$/g, '')
      .split(/\s+and\s+/)
      .map((pair) => pair.split(/\s*==\s*/)),
  );
  if (stages.length < 2 || groups.some((g) => g.some((pair) => pair.length !== 2))) return { evaluable: false, alerts: [] };
  const events = list.filter((e) => evaluateConjuncts(stages[0].conjuncts, e.event, options));
  const indicators = list.filter((e) => evaluateConjuncts(stages[1].conjuncts, e.event, options));
  const value = (e: Timed, f: string) => resolvePath(e.event, f, options).filter((v) => typeof v === 'string' || typeof v === 'number');
  const alerts: number[][] = [];
  for (const e of events) {
    const hit = indicators.find((ind) =>
      groups.some((g) => g.every(([field, indicatorField]) => value(e, field).some((v) => value(ind, indicatorField).includes(v)))),
    );
    if (hit && hit !== e) alerts.push([e.index, hit.index]);
  }
  return { evaluable: true, alerts };
}

/** `count >= 5`, `distinct_count(city) > 1`, joined by `and`: the condition texts counting correlations write. */
function parseCountCondition(text: string | undefined, options: EventsOptions): ((events: Timed[]) => boolean) | undefined {
  if (!text) return undefined;
  const tests = text.split(/\s+and\s+/).map((part) => {
    const m = /^(count|distinct_count\(([^)]+)\))\s*(>=|<=|==|>|<|=)\s*(\d+)$/.exec(part.trim());
    if (!m) return undefined;
    const [, , field, op, n] = m;
    const limit = Number(n);
    return (events: Timed[]) => {
      const values = (e: Timed) => resolvePath(e.event, field, options).filter((v) => typeof v !== 'symbol' && v !== null).map(String);
      const value = field ? new Set(events.flatMap(values)).size : events.length;
      return op === '>=' ? value >= limit : op === '>' ? value > limit : op === '<=' ? value <= limit : op === '<' ? value < limit : value === limit;
    };
  });
  return tests.every(Boolean) ? (events) => tests.every((t) => t!(events)) : undefined;
}

/** Threshold and distinct counts per group, over the window when there is one, else over all the events. */
function countAlerts(list: Timed[], stage: Stage, correlation: Correlation, window: number | undefined, options: EventsOptions): EventsResult {
  const holds = parseCountCondition(correlation.condition, options);
  if (!holds) return { evaluable: false, alerts: [] };
  const groups = new Map<string, Timed[]>();
  for (const e of list) {
    const key = keyOf(e, correlation, stage, options);
    if (key === undefined || !evaluateConjuncts(stage.conjuncts, e.event, options)) continue;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const alerts: number[][] = [];
  for (const events of groups.values()) {
    const spans = window === undefined ? [events] : events.map((a) => events.filter((e) => e.time >= a.time && e.time - a.time <= window));
    const hit = spans.find(holds);
    if (hit) alerts.push(hit.map((e) => e.index));
  }
  return { evaluable: true, alerts };
}
