/**
 * What the pipeline knows while it walks the commands: the filter gathered so far, where each current field
 * comes from (a raw event field, or computed by eval/rex/lookup/an aggregation), and the output fields.
 * A later filter can join the event filter when every field it reads still maps to a raw event field.
 */
import { and, conjunctsOf, not, or, uniq } from '../../logic/tree.ts';
import type { DeriveStep, Derivation } from '../../logic/derive.ts';
import type { Condition, Leaf, Stage, Value } from '../../logic/types.ts';
import { computationOver, computedLeaf, FLIPPED, withConstant } from './computation.ts';
import { Definitions } from './definitions.ts';
import { conditionFields, exprFields, lower, type Expr, type Locate } from './expr.ts';

/** A flag computed by `eval x=if(condition, whenTrue, whenFalse)`. */
export interface Flag {
  condition: Condition;
  whenTrue: Value;
  whenFalse: Value;
}

/**
 * A raw event field name, or the command that computed the field; an eval over event fields keeps its
 * computation as written (`len(process_name)`), so a filter on the field is a leaf on that computation.
 */
export type Origin = { raw: string } | { computedBy: string; flag?: Flag; computation?: Computation; constant?: Value };

/** What an `eval` computes: its text as written over event fields, the fields it reads, the functions it calls. */
export interface Computation {
  text: string;
  reads: string[];
  functions: string[];
  /** Set when part of the text could not be read (`len-1`): which fields it reads is then not known. */
  unread?: boolean;
  /**
   * Set when the computation is runnable steps over one field (`rex field=f` is a capture, `len(x)` a length):
   * before `overEventFields`, the field as the pipeline names it; after, the evaluable derivation over the event.
   */
  steps?: { field: string; steps: DeriveStep[] };
  derive?: Derivation;
}

function sameValue(a: Value, b: Value): boolean {
  return String(a).toLowerCase() === String(b).toLowerCase();
}

/** `flag=whenTrue` is the condition, `flag=whenFalse` its negation; anything else cannot be told. */
function inlineFlag(l: Leaf, flag: Flag): Condition | undefined {
  if ((l.kind !== 'eq' && l.kind !== 'ne') || l.values.length !== 1) return undefined;
  const [v] = l.values;
  const holds = sameValue(v, flag.whenTrue) ? true : sameValue(v, flag.whenFalse) ? false : undefined;
  if (holds === undefined) return undefined;
  return holds === (l.kind === 'eq') ? flag.condition : not(flag.condition);
}

/** A condition as text without where its leaves are written, to compare two sides' conjuncts. */
function conditionKey(c: Condition): string {
  return JSON.stringify(c, (k, v) => (k === 'loc' ? undefined : v));
}

/**
 * Either side's filter, `(A and B) or (A and C)`, written as `A and (B or C)`: what both sides require stays a
 * top-level conjunct. When one side requires nothing more than the shared part, the shared part is the filter.
 */
function eitherSide(mine: Condition[], theirs: Condition[]): Condition[] {
  const theirKeys = new Set(theirs.map(conditionKey));
  const shared = mine.filter((c) => theirKeys.has(conditionKey(c)));
  const sharedKeys = new Set(shared.map(conditionKey));
  const onlyMine = mine.filter((c) => !sharedKeys.has(conditionKey(c)));
  const onlyTheirs = theirs.filter((c) => !sharedKeys.has(conditionKey(c)));
  if (!onlyMine.length || !onlyTheirs.length) return shared;
  return [...shared, or(and(...onlyMine), and(...onlyTheirs))!];
}

const AGGREGATING = new Set(['stats', 'tstats', 'mstats', 'eventstats', 'streamstats', 'chart', 'timechart', 'transaction', 'top', 'rare']);

/** `Processes.*` against `Processes.dest` gives `dest`; undefined when the pattern does not match. */
function matchPattern(pattern: string, name: string): string | undefined {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === name ? '' : undefined;
  const [head, tail] = [pattern.slice(0, star), pattern.slice(star + 1)];
  if (name.length < head.length + tail.length || !name.startsWith(head) || !name.endsWith(tail)) return undefined;
  return name.slice(head.length, name.length - tail.length);
}

/** One transforming step (stats, tstats, eventstats, streamstats, transaction) and the filters on its results. */
export interface AggregationStep {
  command: string;
  by: string[];
  /** span= / maxspan= / time_window= of the step, or of a `bin _time span=` before it. */
  window?: string;
  /** Aggregate output name -> the function as written (`count`, `dc(dest)`). */
  functions: Map<string, string>;
  /** Later filters on its results, as written (`count > 5`). */
  conditions: string[];
  /** The aggregate functions those filters read (`count`, `dc(dest)`; `computed` for a value derived from them). */
  reads: string[];
}

/** `lookup table field AS event_field OUTPUT out`: the table, the event fields it matches, the filters on its outputs. */
export interface LookupStep {
  table: string;
  inputs: string[];
  outputs: string[];
  /** Later filters on its outputs, as written (`isnotnull(is_admin)`). */
  conditions: string[];
  /** Set when a filter on another lookup's outputs also reads this one's (`coalesce(x_local, x_default)`). */
  feeds?: boolean;
}

/** A joined subsearch: its stage, the join's kind and keys, and later filters on the joined rows. */
export interface JoinStep {
  kind: string;
  keys: string[];
  stage: Stage;
  /** How many data models the search had read before the join (the main search's are the first ones). */
  datamodelsBefore: number;
  conditions: string[];
  /** Fields only the subsearch brings. */
  columns: string[];
  /** The subsearch's state: a later filter on its fields alone filters its events. */
  sub: PipelineState;
}

export class PipelineState {
  conjuncts: Condition[] = [];
  steps: AggregationStep[] = [];
  lookups: LookupStep[] = [];
  joins: JoinStep[] = [];
  /** Window set by `bin _time span=...`, for the next aggregation. */
  pendingWindow?: string;
  /** Definitions of computed fields, as written. */
  private definitions = new Definitions();
  reasons: string[] = [];
  outputs: string[] = [];
  datamodels: string[] = [];
  /** After a transforming command, only the fields it keeps (its `by` fields) still name raw values. */
  aggregated = false;
  private origins = new Map<string, Origin>();
  /** Wildcard renames done before any aggregation (their fields are not known by name). */
  private renamePatterns: { from: string; to: string }[] = [];

  /** `locate` places leaves in the rule file (undefined: leaves carry no location). */
  constructor(readonly locate?: Locate) {}

  reason(text: string): void {
    if (!this.reasons.includes(text)) this.reasons.push(text);
  }

  origin(name: string): Origin {
    const known = this.origins.get(name);
    if (known) return known;
    for (const p of [...this.renamePatterns].reverse()) {
      const captured = matchPattern(p.to, name);
      if (captured !== undefined) return this.origins.get(p.from.replace('*', captured)) ?? { raw: p.from.replace('*', captured) };
    }
    return this.aggregated ? { computedBy: 'aggregation' } : { raw: name };
  }

  /** A fresh state for a subsearch. */
  subsearch(): PipelineState {
    return new PipelineState(this.locate);
  }

  /**
   * `join type=... keys [subsearch]`: the subsearch is a stage of its own (its filter, reasons and aggregation);
   * the fields it returns, keys apart, are the joined rows': a later filter on them is the join's condition.
   */
  join(sub: PipelineState, kind: string, keys: string[]): void {
    const stage: Stage = { conjuncts: sub.conjuncts, role: 'right' };
    if (sub.datamodels.length) stage.source = uniq(sub.datamodels).join(', ');
    if (sub.reasons.length) stage.reasons = [...sub.reasons];
    for (const r of sub.reasons) this.reason(r);
    this.datamodels.push(...sub.datamodels);
    const joined = uniq([...sub.outputs, ...sub.steps.flatMap((s) => [...s.functions.keys()])]).filter((f) => !keys.includes(f));
    for (const name of joined) this.origins.set(name, { computedBy: 'join' });
    this.joins.push({ kind, keys, stage, conditions: [], columns: joined, sub, datamodelsBefore: this.datamodels.length - sub.datamodels.length });
  }

  /**
   * Takes over an appended subsearch: its rows join the stream, so a row passed this filter or that one.
   * An appended search without a filter (a lookup, a baseline) leaves the filter as it was.
   */
  append(sub: PipelineState): void {
    if (this.conjuncts.length && sub.conjuncts.length) this.conjuncts = eitherSide(this.conjuncts, sub.conjuncts);
    for (const r of sub.reasons) this.reason(r);
    this.datamodels.push(...sub.datamodels);
  }

  /** `name` now holds the raw value at `raw` (spath output=name path=raw). */
  alias(name: string, raw: string): void {
    this.origins.set(name, { raw });
  }

  computed(names: string[], by: string): void {
    for (const n of names) this.origins.set(n, { computedBy: by });
  }

  /** Fields set by `eval to=from`: what they hold is known only while the pipeline is followed. */
  private copies = new Set<string>();

  /** After a command the pipeline does not follow (foreach, map), evals may have been rewritten: only their names are known. */
  forgetComputations(): void {
    for (const [name, o] of this.origins) if ('computedBy' in o && (o.computation || o.constant !== undefined)) this.origins.set(name, { computedBy: o.computedBy });
    for (const name of this.copies) this.origins.set(name, { computedBy: 'eval' });
    this.copies.clear();
  }

  /** `eval to=from`: `to` holds what `from` holds. */
  copy(from: string, to: string): void {
    this.origins.set(to, this.origin(from));
    this.copies.add(to);
  }

  /**
   * `eval name=text` (or a column `by` computes: rex, iplocation) that reads `reads`: an aggregate itself when it
   * reads one.
   */
  computedFrom(name: string, computation: Computation, by = 'eval'): void {
    const aggregate = computation.reads.some((f) => this.isAggregate(this.origin(f)));
    this.define(name, computation.text, computation.reads);
    if (!aggregate && this.fromLookup(name, computation)) return;
    this.origins.set(name, aggregate ? { computedBy: 'aggregation' } : { computedBy: by, computation: this.overEventFields(computation) });
  }

  /**
   * An eval over what a lookup returned (`isDynDNS=coalesce(isDynDNS_local, isDynDNS_default)`) is one more output
   * of that lookup: a filter on it is the lookup's condition, said with the definitions.
   */
  private fromLookup(name: string, computation: Computation): boolean {
    const read = this.lookupsRead(computation.reads);
    if (!read.length) return false;
    for (const lookup of read) if (!lookup.outputs.includes(name)) lookup.outputs.push(name);
    this.origins.set(name, { computedBy: 'lookup' });
    return true;
  }

  /** The computation with the fields it reads replaced by the event fields or evals they stand for; undefined when one is neither. */
  private overEventFields(computation: Computation): Computation | undefined {
    const over = computationOver(computation, (f) => {
      const o = this.origin(f);
      return 'raw' in o ? { field: o.raw } : o.computation ? { computation: o.computation } : undefined;
    });
    const derive = over && this.derivation(computation);
    return derive ? { ...over, derive } : over;
  }

  /** The steps of a computation over one field, after those that computed the field, when all are runnable. */
  private derivation(computation: Computation): Derivation | undefined {
    if (!computation.steps) return undefined;
    const o = this.origin(computation.steps.field);
    const before = 'raw' in o ? { from: o.raw, steps: [] } : o.computation?.derive;
    return before && { from: before.from, steps: [...before.steps, ...computation.steps.steps] };
  }

  /** `eval name=4`: a comparison with name is a comparison with the value. */
  constant(name: string, value: Value, text: string): void {
    this.origins.set(name, { computedBy: 'eval', constant: value });
    this.define(name, text);
  }

  /** A comparison of a field with a constant eval (`count >= minimum_data_samples`) as one with its value. */
  private withConstant(l: Leaf): Leaf {
    return withConstant(l, (f) => {
      const o = this.origin(f);
      return 'constant' in o ? o.constant : undefined;
    });
  }

  define(name: string, text: string, reads: string[] = []): void {
    this.definitions.set(name, text, reads);
  }

  /**
   * A transforming command: from now on only the `by` fields keep their raw origin. `aggregates` maps each
   * output name to its function as written.
   */
  aggregate(command: string, byFields: string[], aggregates: Map<string, string>, window?: string): void {
    const keys = new Map(byFields.map((f) => [f, this.origin(f)] as const));
    this.steps.push({ command, by: byFields.filter((f) => f !== '_time'), window: window ?? this.pendingWindow, functions: aggregates, conditions: [], reads: [] });
    this.pendingWindow = undefined;
    if (command === 'eventstats' || command === 'streamstats') {
      this.computed([...aggregates.keys()], command);
      return;
    }
    this.origins = new Map(keys);
    this.renamePatterns = [];
    this.aggregated = true;
    this.computed([...aggregates.keys()], command);
    // The result rows hold the group-by fields and the aggregates (count, firstTime, values(x) as names).
    this.outputs = uniq([...byFields, ...aggregates.keys()]);
  }

  rename(from: string, to: string): void {
    if (!from.includes('*')) {
      const origin = this.origin(from);
      if (from !== to) this.origins.set(from, { computedBy: 'rename' });
      this.origins.set(to, origin);
    } else {
      if (!this.aggregated) this.renamePatterns.push({ from, to });
      for (const [name, origin] of [...this.origins.entries()]) {
        const captured = matchPattern(from, name);
        if (captured === undefined) continue;
        this.origins.delete(name);
        this.origins.set(to.replace('*', captured), origin);
      }
    }
    this.outputs = uniq(
      this.outputs.map((o) => {
        const captured = matchPattern(from, o);
        return captured === undefined ? o : to.replace('*', captured);
      }),
    );
  }

  /** Lowers a filter against the current fields; `report` says why pieces dropped out. */
  private resolve(expr: Expr, report: (reason: string) => void): Condition | boolean {
    const keep = (written: Leaf): Condition | undefined => {
      const l = this.withConstant(written);
      if (l.field === '*') {
        if (!this.aggregated) return l;
        report('filter after aggregation: keyword');
        return undefined;
      }
      const o = this.origin(l.field);
      if (l.otherField !== undefined) {
        // Both sides must still be event fields; otherwise each side that is not says why.
        const other = this.origin(l.otherField);
        if ('raw' in o && 'raw' in other) return { ...l, field: o.raw, otherField: other.raw };
        // One side computed over event fields: a leaf on that computation, compared with the other event field.
        const computedLeft = !('raw' in o) && o.computation && 'raw' in other;
        const computedRight = 'raw' in o && !('raw' in other) && other.computation && FLIPPED[l.kind];
        if (computedLeft) return { ...computedLeaf(l, o.computation!), otherField: other.raw };
        if (computedRight) return { ...computedLeaf({ ...l, kind: FLIPPED[l.kind]! }, other.computation!), otherField: o.raw };
        if (!('raw' in o)) notAnEventField(l.field, o);
        if (!('raw' in other)) notAnEventField(l.otherField, other);
        return undefined;
      }
      if ('raw' in o) return o.raw === l.field ? l : { ...l, field: o.raw };
      const inlined = o.flag && inlineFlag(l, o.flag);
      if (inlined) return inlined;
      if (o.computation) return computedLeaf(l, o.computation);
      notAnEventField(l.field, o);
      return undefined;
    };
    const notAnEventField = (field: string, o: Extract<Origin, { computedBy: string }>) => {
      const definition = this.definitions.short(field);
      report(
        this.isAggregate(o)
          ? `filter after aggregation: ${field}`
          : `filter on computed field: ${field} (${!definition ? o.computedBy : definition.startsWith(`${o.computedBy} `) ? definition : `${o.computedBy} ${definition}`})`,
      );
    };
    // An unsupported piece that reads aggregated values is, first of all, a filter after aggregation.
    const dropped = (reason: string, fields: string[]) => {
      const aggregate = fields.find((f) => f !== '*' && this.isAggregate(this.origin(f)));
      report(aggregate ? `filter after aggregation: ${aggregate}` : reason);
    };
    return lower(expr, keep, dropped);
  }

  /**
   * Adds a filter: its leaves are renamed to raw event fields; what cannot be renamed drops out (superset).
   * A filter that reads aggregated values is the condition of the last aggregation, kept as `text` (as written).
   */
  filter(expr: Expr, text?: string): void {
    const fields = exprFields(expr);
    const fromJoin = (j: JoinStep, f: string) => j.columns.includes(f) && (this.origin(f) as { computedBy?: string }).computedBy === 'join';
    const only = this.joins.findLast((j) => fields.length > 0 && fields.every((f) => fromJoin(j, f)));
    if (only) {
      // Fields of the subsearch alone: its events are filtered.
      only.sub.filter(expr, text);
      only.stage.conjuncts = only.sub.conjuncts;
      if (only.sub.reasons.length) only.stage.reasons = [...only.sub.reasons];
      only.sub.reasons.forEach((r) => this.reason(r));
      return;
    }
    const reasons: string[] = [];
    const lowered = this.resolve(expr, (r) => reasons.push(r));
    const step = this.steps.at(-1);
    const onAggregate = reasons.some((r) => r.startsWith('filter after aggregation'));
    const lookup = text ? this.lookupRead(exprFields(expr)) : undefined;
    const joined = text && !onAggregate ? this.joins.findLast((j) => fields.some((f) => fromJoin(j, f))) : undefined;
    if (joined) {
      // A filter on what the subsearch returned: the join's condition, as written.
      joined.conditions.push(text!);
      reasons.filter((r) => !/^(filter on computed field: .* \(join\)|field comparison)/.test(r)).forEach((r) => this.reason(r));
    } else if (lookup && !onAggregate) {
      // A filter on what a lookup returned: the lookup's condition, as written.
      // A computed input (email_domain=mvindex(temp, 1)) is said with its definition.
      lookup.conditions.push(this.withDefinitions(text!, [...fields, ...lookup.inputs]));
      for (const other of this.lookupsRead(fields)) if (other !== lookup) other.feeds = true;
      reasons.filter((r) => !/^filter on computed field: .* \(lookup( .*)?\)$/.test(r)).forEach((r) => this.reason(r));
    } else if (onAggregate && step && text) {
      const fields = exprFields(expr);
      step.conditions.push(this.withDefinitions(text, fields));
      step.reads.push(...fields.filter((f) => f === '*' || this.isAggregate(this.origin(f))).map((f) => this.functionOf(f) ?? 'computed'));
      // The text holds the whole filter; only what reads computed (not aggregated) fields still needs saying.
      reasons.filter((r) => r.startsWith('filter on computed field')).forEach((r) => this.reason(r));
    } else reasons.forEach((r) => this.reason(r));
    if (typeof lowered === 'boolean') return;
    this.conjuncts.push(...conjunctsOf(lowered));
  }

  /** The last lookup whose outputs `fields` read. */
  private lookupRead(fields: string[]): LookupStep | undefined {
    return this.lookupsRead(fields).at(-1);
  }

  /** The lookups whose outputs `fields` read, in pipeline order. */
  private lookupsRead(fields: string[]): LookupStep[] {
    return this.lookups.filter((l) => fields.some((f) => l.outputs.includes(f) && (this.origins.get(f) as { computedBy?: string })?.computedBy === 'lookup'));
  }

  private withDefinitions(text: string, fields: string[]): string {
    return this.definitions.said(text, fields);
  }

  /** The aggregate function behind a field of the last steps (`count`, `dc(dest)`), if it is one. */
  functionOf(field: string): string | undefined {
    for (const step of [...this.steps].reverse()) {
      const fn = step.functions.get(field);
      if (fn) return fn;
    }
    return undefined;
  }

  /**
   * `eval name=if(condition, a, b)`: a later `name=a` means the condition held. Kept only when the condition
   * translates exactly; otherwise the field is simply computed.
   */
  defineFlag(name: string, condition: Expr, whenTrue: Value, whenFalse: Value, computation: Computation): void {
    const problems: string[] = [];
    const lowered = this.resolve(condition, (r) => problems.push(r));
    // A flag over aggregated values is a threshold: filtering on it is a filter after aggregation.
    const computedBy = problems.some((p) => p.startsWith('filter after aggregation')) ? 'aggregation' : 'eval';
    this.define(name, computation.text, computation.reads);
    if (computedBy === 'eval' && this.fromLookup(name, computation)) return;
    const exact = problems.length === 0 && typeof lowered !== 'boolean' && whenTrue !== whenFalse;
    this.origins.set(name, {
      computedBy,
      flag: exact ? { condition: lowered, whenTrue, whenFalse } : undefined,
      computation: computedBy === 'eval' ? this.overEventFields(computation) : undefined,
    });
  }

  private isAggregate(o: Origin): boolean {
    return 'computedBy' in o && (AGGREGATING.has(o.computedBy) || o.computedBy === 'aggregation');
  }

  setOutputs(fields: string[]): void {
    this.outputs = uniq(fields);
  }
}
