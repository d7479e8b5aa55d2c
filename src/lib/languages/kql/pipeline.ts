/**
 * Follows a KQL tabular pipeline: sources (tables, let-bound queries, functions, unions, datatables), then each
 * operator in turn: `where` adds conditions, extend/project/summarize/mv-expand/parse define columns that later
 * filters resolve through, join/lookup/evaluate/ML functions add reasons why the tree is only part of the rule.
 */

import { and, conjunctsOf, leavesOf, or } from '../../logic/tree.ts';
import type { Condition, Stage, Value } from '../../logic/types.ts';
import { checkBudget } from '../parsing/limits.ts';
import { aggregateReads, type Derived, definitions, expressionText, namesRead } from './aggregates.ts';
import type { Expr, Operator, Statement } from './ast.ts';
import { type Binding, bindingOf, constantValues, type Env, withBinding } from './bindings.ts';
import { computedValue } from './computed.ts';
import { type AggregationStep, aggregateFunction, aggregationText, binWindow, indicatorTable, type JoinPart, stageOf } from './correlation.ts';
import { andItems, expand, type Item, scopeItems } from './elements.ts';
import { externaldataSource, isExternalList, listPart, watchlistSource } from './lists.ts';
import { type ParseSource, parsedColumns, parseWhereFilter } from './parsed.ts';
import { isBagKey, type Pivot, pivotOf } from './pivot.ts';
import { type ColumnDef, type Ctx, fieldOf, type ListRef, PredicateTranslator, readsAggregate, type Scope, type Translated } from './predicates.ts';
import { mergeReasons } from './reasons.ts';

export interface Stream {
  /** Conditions on the source events (undefined: none, every event passes). */
  condition?: Condition;
  /** Source tables, in the order the pipeline reads them (left side of joins, every member of unions). */
  tables: string[];
  /** Lists read from outside the workspace's tables (`externaldata "https://..."`, `watchlist "VIPs"`). */
  external?: string[];
  columns: Map<string, ColumnDef>;
  /** The output columns when an operator fixed them (project, summarize); undefined: the source's own columns. */
  outputs?: string[];
  /** Columns added (extend, mv-expand) since the outputs were last fixed. */
  added: string[];
  /** Set when the rows hold more columns than `outputs` lists (summarize arg_max(T, *), a join with an unprojected side). */
  openColumns?: boolean;
  /** After summarize-like operators whose columns we do not know (make-series, count): any column is an aggregate. */
  allAggregate?: boolean;
  /** After evaluate bag_unpack / pivot: columns we do not know are computed, for this reason. */
  dynamicReason?: string;
  /** Rows of a datatable, by column, for `in (Datatable)`. */
  rows?: Map<string, Value[]>;
  /** The let name the pipeline starts from, when it starts from one. */
  name?: string;
  /** summarize steps so far and the filters on their results. */
  steps?: AggregationStep[];
  /** Joins so far: the other sides as stages. */
  joins?: JoinPart[];
  /** "left" or "right": which side of its first join this pipeline is (right for rightsemi / rightanti joins). */
  role?: string;
  /** Lists mv-expand made one item per row: later filters on their fields hold on the same item (elements.ts). */
  items?: Item[];
  /** After bag_unpack of an expanded item: the list whose item's members are now columns (`@Name`, `#text`). */
  unpacked?: string;
  /** After pivot of an item's members: columns it did not keep are elements of the list that name them (pivot.ts). */
  pivot?: Pivot;
}

/** Reasons a filter over summarized or joined rows gives: its text, kept as the correlation's condition, says them all. */
const ACROSS_ROWS = /^(threshold over aggregate|field comparison|computed expression|computed value|join: column from)/;

const ML_FUNCTIONS = new Set([
  'series_decompose_anomalies', 'series_decompose', 'series_decompose_forecast', 'series_outliers', 'series_periods_detect',
  'series_periods_validate', 'series_fit_line', 'series_fit_2lines', 'series_fit_poly',
]);
const ML_PLUGINS = new Set(['autocluster', 'basket', 'diffpatterns', 'python', 'r']);
const UNPACK_PLUGINS = new Set(['bag_unpack', 'pivot', 'narrow']);
const AGGREGATING = new Set(['MakeSeries', 'Count', 'TopNested', 'TopHitters']);
/** Operators that order, name or cap the rows without choosing which events match. */
const ORDERING = new Set(['Sort', 'Take', 'Top', 'Serialize', 'As', 'Render', 'Consume', 'Sample', 'SampleDistinct', 'GetSchema']);
/** Join kinds whose result rows are the right side's rows: the left side only decides which of them are kept. */
const RIGHT_ROWS = new Set(['rightsemi', 'rightanti', 'rightantisemi', 'rightouter']);
/** Join kinds whose every result row matched a row of the right side. */
const RIGHT_MATCH_REQUIRED = new Set(['inner', 'innerunique', 'rightouter', 'rightsemi', 'rightanti']);
const AGGREGATE_PREFIX: Record<string, string> = { make_set: 'set', make_list: 'list', make_bag: 'bag', makeset: 'set', makelist: 'list' };

function emptyStream(tables: string[] = []): Stream {
  return { tables, columns: new Map(), added: [] };
}

/** Calls anywhere in an expression, for ML functions. */
function callsIn(e: Expr, out: string[] = []): string[] {
  if (e.type === 'call') out.push(e.name.toLowerCase());
  for (const child of Object.values(e)) {
    if (child && typeof child === 'object') {
      if (Array.isArray(child)) child.forEach((c) => c && typeof c === 'object' && 'type' in c && callsIn(c as Expr, out));
      else if ('type' in child) callsIn(child as Expr, out);
    }
  }
  return out;
}

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

export class PipelineEvaluator {
  private depth = 0;
  /** The rows a subquery's leading operator receives (mv-apply). */
  private input?: Stream;

  constructor(private readonly ctx: Ctx) {}

  /** Runs the statements: lets bind names, the last query statement is the rule's pipeline. */
  run(statements: Statement[], env: Env): Stream | undefined {
    let main: Expr | undefined;
    for (const s of statements) {
      if (s.type === 'let') env = withBinding(env, s.name, bindingOf(s.name, s.value, env));
      else main = s.expr;
    }
    return main && this.tabular(main, env);
  }

  tabular(e: Expr, env: Env): Stream {
    checkBudget();
    if (this.depth > 40) {
      this.ctx.reasons.push('recursion too deep');
      return emptyStream();
    }
    this.depth++;
    try {
      return this.source(e, env);
    } finally {
      this.depth--;
    }
  }

  private source(e: Expr, env: Env): Stream {
    switch (e.type) {
      case 'name': {
        const b = env.get(e.name);
        if (!b) return emptyStream([e.name]);
        const bound = this.fromBinding(b, [], e.name);
        return b.kind === 'tabular' ? { ...bound, name: e.name } : bound;
      }
      case 'call':
        return this.call(e, env);
      case 'pipe':
        return this.apply(this.tabular(e.input, env), e.op, env);
      case 'union':
        return this.union(e.sources.map((s) => this.tabular(s, env)));
      case 'datatable':
        return this.datatable(e, env);
      case 'externaldata':
        // The rows are a file the rule names by URL: a filter against them names the list (lists.ts).
        return { ...emptyStream(), external: [externaldataSource(this.ctx.text, e.start)] };
      case 'materialize':
        // materialize() caches a result for reuse: the rows are the same.
        return this.tabular(e.expr, env);
      case 'input':
        return this.input ?? emptyStream();
      default:
        this.ctx.reasons.push(`unsupported source: ${e.type === 'other' ? e.nodeType : e.type}`);
        return emptyStream();
    }
  }

  private fromBinding(b: Binding, args: Expr[], name: string, callerEnv?: Env): Stream {
    if (b.kind === 'tabular') return this.tabular(b.expr, b.env);
    if (b.kind === 'function') {
      let env = b.env;
      b.params.forEach((param, i) => {
        const arg = args[i];
        env = withBinding(env, param, arg ? bindingOf(param, arg, callerEnv ?? b.env) : { kind: 'opaque', text: 'default' });
      });
      return this.run(b.body, env) ?? emptyStream();
    }
    this.ctx.reasons.push(`unsupported source: ${name}`);
    return emptyStream();
  }

  private call(e: Extract<Expr, { type: 'call' }>, env: Env): Stream {
    const name = e.name.toLowerCase();
    const b = env.get(e.name);
    if (b) return this.fromBinding(b, e.args, e.name, env);
    if (name === 'table') {
      const value = e.args[0] && constantValues(e.args[0], env);
      if (value?.length === 1 && typeof value[0] === 'string') return emptyStream([value[0]]);
      this.ctx.reasons.push('unsupported source: table()');
      return emptyStream();
    }
    if (name === '_getwatchlist') {
      const list = e.args[0] && constantValues(e.args[0], env);
      return { ...emptyStream(), external: [watchlistSource(list?.length === 1 ? String(list[0]) : undefined)] };
    }
    // A stored function (an ASIM parser, a workspace function): a source we know only by name.
    return emptyStream([e.name]);
  }

  private union(streams: Stream[]): Stream {
    // One filter per member describes the union; a member's own joins and thresholds are not said by it, unless
    // every member joins the same rows in its own way (memberJoins), or every member aggregates the same way grouped
    // by table (the same function over SigninLogs and AADNonInteractiveUserSignInLogs, `by ..., Type`): one
    // aggregation over the union then groups the same rows.
    const joins = memberJoins(streams);
    const shared = sharedAggregation(streams);
    for (const m of streams) {
      if (!shared) this.ctx.reasons.push(...aggregationText(m.steps).map((a) => `threshold over aggregate: ${a}`));
      if (m.joins?.length && !joins) this.ctx.reasons.push(`join: ${m.joins.map((j) => j.kind).join(', ')} inside a union member`);
    }
    const conditions = streams.map((s) => s.condition);
    // The same function applied to several tables (aadFunc("SigninLogs"), aadFunc("AADNonInteractive...")) gives
    // the same subtree for each: keep one.
    const distinct = [...new Map(conditions.map((c) => [c && conditionKey(c), c])).values()];
    const condition = conditions.every((c) => c) ? or(...distinct) : undefined;
    const first = streams[0] ?? emptyStream();
    return {
      condition,
      tables: [...new Set(streams.flatMap((s) => s.tables))],
      ...(streams.some((s) => s.external) && { external: [...new Set(streams.flatMap((s) => s.external ?? []))] }),
      columns: new Map(first.columns),
      outputs: streams.every((s) => s.outputs) ? [...new Set(streams.flatMap((s) => s.outputs!))] : undefined,
      added: [...new Set(streams.flatMap((s) => s.added))],
      ...(streams.some((s) => s.openColumns) && { openColumns: true }),
      ...(joins && { joins, role: streams[0].role }),
      ...(shared && { steps: shared }),
    };
  }

  private datatable(e: Extract<Expr, { type: 'datatable' }>, env: Env): Stream {
    const rows = new Map<string, Value[]>(e.columns.map((c) => [c, []]));
    e.values.forEach((v, i) => rows.get(e.columns[i % e.columns.length])?.push(...(constantValues(v, env) ?? [])));
    return { ...emptyStream(), outputs: [...e.columns], rows };
  }

  /**
   * Values of a tabular expression used as a list: a datatable's (first or projected) column. Otherwise the list
   * another query gives (a subquery, externaldata, a watchlist): that query becomes a stage of the rule and the
   * filter's leaf names it.
   */
  tableValues(e: Expr, env: Env): Value[] | ListRef | undefined {
    const scratch: Ctx = { ...this.ctx, reasons: [] };
    const s = new PipelineEvaluator(scratch).tabular(e, env);
    const column = s.outputs?.[0];
    if (s.rows && column && s.rows.has(column)) return s.rows.get(column);
    const name = listName(e, s);
    const lists = this.ctx.lists;
    if (!lists) {
      this.ctx.reasons.push(`subquery: ${name}`);
      return undefined;
    }
    // The list query's own reasons (and a join inside it, which its stage does not say) leave the rule partial.
    const own = [...scratch.reasons, ...(s.joins?.length ? [`join: inside the list query ${name}`] : [])];
    this.ctx.reasons.push(...own);
    const reasons = mergeReasons(own);
    const stage = stageOf(s.condition, sourcesOf(s), { name, role: 'list', reasons });
    // The same query read twice (a function applied to several tables) is one stage; another query of that name a new one.
    const key = conditionKey(stage);
    const same = lists.find((p) => conditionKey(p.stage) === key);
    if (same) return { listRef: same.stage.name! };
    const taken = new Set(lists.map((p) => p.stage.name));
    let unique = name;
    for (let i = 2; taken.has(unique); i++) unique = `${name} (${i})`;
    stage.name = unique;
    lists.push(listPart(stage, aggregationText(s.steps), indicatorTable(s.tables) ?? s.external?.find(isExternalList)));
    return { listRef: unique };
  }

  private scope(s: Stream, env: Env): Scope {
    return {
      env,
      column: (name) => {
        const def = s.columns.get(name);
        if (def) return def;
        if (s.pivot && !s.pivot.kept.has(name)) return { kind: 'pivot', list: s.pivot.list, key: s.pivot.key, value: s.pivot.value, name };
        if (s.unpacked && isBagKey(name)) return { kind: 'field', path: `${s.unpacked}.${name}` };
        if (s.allAggregate) return { kind: 'aggregate' };
        if (s.dynamicReason) return { kind: 'computed', reason: s.dynamicReason };
        return undefined;
      },
    };
  }

  /** What a new column `name = expr` stands for (`label`: the names as the rule lists them, `(a, b, c)`). */
  private defOf(name: string, e: Expr, s: Stream, env: Env, label = name): ColumnDef {
    const scope = this.scope(s, env);
    const ref = fieldOf(e, scope);
    if (ref?.aggregate && e.type === 'name') return s.columns.get(e.name) ?? { kind: 'aggregate' };
    if (!ref || ref.aggregate) {
      if (ref?.aggregate || readsAggregate(e, scope)) return { kind: 'aggregate', derived: this.derived(label, e, s) };
      const value = computedValue(e, scope);
      return { kind: 'computed', reason: `computed column: ${name}`, ...(value && { value }) };
    }
    if (ref.computed) return { kind: 'computed', reason: ref.computed };
    if (ref.pivot && !ref.functions) return ref.pivot;
    if (ref.functions) return { kind: 'computed', reason: `computed column: ${name}`, value: computedValue(e, scope) ?? { text: ref.field, functions: ref.functions } };
    return { kind: 'field', path: ref.field, caseInsensitive: ref.caseInsensitive };
  }

  /**
   * bag_unpack of an expanded list's item, and pivot(Key, any(Value), ...) of two of its members (pivot.ts): the
   * columns they make stay the item's members. Undefined for other shapes (their columns stay unknown).
   */
  private unpackOrPivot(s: Stream, call: Expr, env: Env): Stream | undefined {
    if (call.type !== 'call') return undefined;
    const scope = this.scope(s, env);
    const lists = (s.items ?? []).map((i) => i.list);
    if (call.name.toLowerCase() === 'bag_unpack') {
      const ref = call.args[0] && fieldOf(call.args[0], scope);
      if (!ref || ref.aggregate || ref.computed || ref.functions || !lists.includes(ref.field)) return undefined;
      return { ...s, unpacked: ref.field, dynamicReason: 'evaluate: bag_unpack' };
    }
    const pivot = pivotOf(call, (e) => {
      const ref = fieldOf(e, scope);
      return ref && !ref.aggregate && !ref.computed && !ref.functions ? ref.field : undefined;
    }, lists);
    if (!pivot) return undefined;
    const columns = new Map([...s.columns].filter(([n]) => pivot.kept.has(n)));
    return { ...s, columns, pivot, unpacked: undefined, dynamicReason: undefined, items: undefined, outputs: undefined, added: [], rows: undefined };
  }

  /** A column computed from aggregates, as written, with the derived columns it reads. */
  private derived(label: string, e: Expr, s: Stream): Derived {
    const reads = namesRead(e).flatMap((n) => {
      const def = s.columns.get(n);
      return def?.kind === 'aggregate' && def.derived ? [def.derived] : [];
    });
    return { text: `${label} = ${expressionText(this.ctx.text, e.start)}`, reads, names: namesRead(e) };
  }

  /** What a parse reads: a field (or the computation a column stands for), as a leaf would name it. */
  private parseSource(e: Expr, s: Stream, env: Env): ParseSource | undefined {
    const scope = this.scope(s, env);
    const ref = fieldOf(e, scope);
    if (ref && !ref.computed && !ref.aggregate) return ref.functions ? { text: ref.field } : { text: ref.field, field: ref.field };
    const value = computedValue(e, scope);
    return value && { text: value.text };
  }

  private checkMachineLearning(exprs: Expr[]) {
    for (const name of exprs.flatMap((e) => callsIn(e))) {
      if (ML_FUNCTIONS.has(name)) this.ctx.reasons.push(`machine learning: ${name}`);
    }
  }

  /** Name and definition of each column an operator lists (`A`, `B = expr`, `bin(TimeGenerated, 1h)`). */
  private columnsOf(exprs: Expr[], s: Stream, env: Env, aggregate = false): [string, ColumnDef][] {
    const out: [string, ColumnDef][] = [];
    for (const e of exprs) {
      if (e.type === 'named') {
        const label = e.names.length > 1 ? `(${e.names.join(', ')})` : e.names[0];
        const def = aggregate ? { kind: 'aggregate' as const } : this.defOf(e.names[0], e.expr, s, env, label);
        for (const n of e.names) if (n) out.push([n, def]);
      } else if (aggregate) {
        if (e.type === 'call' && ['arg_max', 'arg_min'].includes(e.name.toLowerCase()) && e.args.some((a) => a.type === 'star')) {
          for (const [k, v] of s.columns) out.push([k, v]);
          continue;
        }
        out.push([defaultAggregateName(e), { kind: 'aggregate' }]);
      } else {
        const inner = e.type === 'call' && e.name.toLowerCase() === 'bin' ? e.args[0] : e;
        const ref = inner && fieldOf(inner, this.scope(s, env));
        if (!ref?.field) continue;
        const name = inner.type === 'name' ? inner.name : ref.field.split('.').pop()!;
        out.push([name, this.defOf(name, inner, s, env)]);
      }
    }
    return out;
  }

  private apply(s: Stream, op: Operator, env: Env): Stream {
    switch (op.op) {
      case 'where':
      case 'search': {
        this.checkMachineLearning([op.predicate]);
        const local: Ctx = { ...this.ctx, reasons: [] };
        const t = new PredicateTranslator(this.scope(s, env), local, op.op === 'search').translate(op.predicate);
        // A filter its own switches turn off keeps no row: the rule as shipped never fires.
        if (t.kind === 'false') local.reasons.push(`constant condition: ${op.op === 'where' && op.text ? op.text : 'false'}`);
        return this.filtered(s, t, local.reasons, env, op.op === 'where' ? op.predicate : undefined, op.op === 'where' ? op.text : undefined);
      }
      case 'extend':
      case 'mv-expand': {
        // A series function over aggregates (make-series, make_list) defines columns a later filter states in full.
        const scope = this.scope(s, env);
        this.checkMachineLearning(op.columns.filter((c) => !s.steps?.length || !readsAggregate(c, scope)));
        const columns = new Map(s.columns);
        const added = [...s.added];
        let items = s.items;
        for (const [name, def] of this.columnsOf(op.columns, s, env)) {
          columns.set(name, def);
          if (op.op === 'extend' || !added.includes(name)) added.push(name);
          if (op.op === 'mv-expand' && def.kind === 'field') items = expand(items, def.path);
        }
        return { ...s, columns, added: [...new Set(added)], rows: op.op === 'extend' ? s.rows : undefined, ...(items?.length && { items }) };
      }
      case 'project':
      case 'distinct': {
        const cols = this.columnsOf(op.columns, s, env);
        const rows = s.rows && new Map(cols.flatMap(([n, d]) => (d.kind === 'field' && s.rows!.has(d.path) ? [[n, s.rows!.get(d.path)!]] : [])));
        return { ...s, columns: new Map(cols), outputs: cols.map(([n]) => n), added: [], rows, dynamicReason: undefined, allAggregate: false, openColumns: false };
      }
      case 'project-rename': {
        const columns = new Map(s.columns);
        const renames = new Map<string, string>();
        for (const e of op.columns) {
          if (e.type !== 'named' || e.expr.type !== 'name') continue;
          columns.set(e.names[0], columns.get(e.expr.name) ?? this.defOf(e.names[0], e.expr, s, env));
          columns.delete(e.expr.name);
          renames.set(e.expr.name, e.names[0]);
        }
        const rename = (n: string) => renames.get(n) ?? n;
        return { ...s, columns, outputs: s.outputs?.map(rename), added: s.added.map(rename) };
      }
      case 'project-away':
      case 'project-keep': {
        const patterns = op.columns.flatMap((e) => (e.type === 'name' ? [wildcard(e.name)] : []));
        const listed = (n: string) => patterns.some((p) => p.test(n));
        const keep = op.op === 'project-keep' ? listed : (n: string) => !listed(n);
        return { ...s, outputs: s.outputs?.filter(keep), added: s.added.filter(keep) };
      }
      case 'project-reorder':
        return s;
      case 'summarize':
      case 'make-series':
        return this.aggregate(s, op, env);
      case 'join':
      case 'lookup':
        return this.join(s, op, env);
      case 'union':
        return this.union([s, ...op.sources.map((e) => this.tabular(e, env))]);
      case 'mv-apply':
        return this.mvApply(s, op, env);
      case 'parse': {
        const columns = new Map(s.columns);
        const source = this.parseSource(op.source, s, env);
        for (const [c, def] of parsedColumns(op, source)) columns.set(c, def);
        const next = { ...s, columns, added: [...new Set([...s.added, ...op.columns])] };
        if (op.operator !== 'parse-where') return next;
        // parse-where also drops the rows its pattern does not match.
        const match = parseWhereFilter(op, source);
        if (!match) this.ctx.reasons.push(`parsed column: parse-where on ${source?.text ?? 'a computed value'}`);
        return match ? { ...next, condition: andItems(s.condition, scopeItems(match, s.items)), rows: undefined } : next;
      }
      case 'evaluate': {
        const name = op.call.type === 'call' ? op.call.name.toLowerCase() : 'unknown';
        if (name === 'bag_unpack' || name === 'pivot') {
          const unpacked = this.unpackOrPivot(s, op.call, env);
          if (unpacked) return unpacked;
        }
        if (UNPACK_PLUGINS.has(name)) return { ...s, dynamicReason: `evaluate: ${name}` };
        this.ctx.reasons.push(ML_PLUGINS.has(name) ? `machine learning: ${name}` : `evaluate: ${name}`);
        return { ...s, columns: new Map(), outputs: undefined, allAggregate: true };
      }
      case 'other':
        if (AGGREGATING.has(op.name)) return { ...s, columns: new Map(), outputs: undefined, added: [], allAggregate: true, rows: undefined };
        if (!ORDERING.has(op.name)) this.ctx.reasons.push(`unsupported operator: ${op.name}`);
        return s;
    }
  }

  /**
   * summarize, and make-series (one series per group, a point per step: after mv-expand a row per group and
   * step, as a summarize by the group and bin(axis, step) gives): a step of the correlation, whose `by` keys and
   * time window later filters on its aggregates are said with.
   */
  private aggregate(s: Stream, op: Extract<Operator, { op: 'summarize' | 'make-series' }>, env: Env): Stream {
    this.checkMachineLearning(op.aggregates);
    const by = this.columnsOf(op.by, s, env);
    const aggregates = this.columnsOf(op.aggregates, s, env, true);
    const columns = new Map([...by, ...aggregates]);
    // Its rows hold only these columns, unless an aggregate carries every column along (arg_max(T, *), take_any(*)):
    // a name it did not define is then no event field (a misnamed aggregate such as dcount_X).
    const keepsAll = op.aggregates.some((e) => starArgument(e.type === 'named' ? e.expr : e));
    const binned = new Set(op.by.flatMap((e) => (e.type === 'call' && e.name.toLowerCase() === 'bin' && e.args[0]?.type === 'name' ? [e.args[0].name] : [])));
    const step: AggregationStep = {
      by: by.map(([n]) => n).filter((n) => !binned.has(n)),
      window: op.op === 'make-series' ? op.step : binWindow(op.by, this.ctx.text),
      functions: new Map(op.aggregates.map((e) => [e.type === 'named' ? e.names[0] : defaultAggregateName(e), aggregateFunction(e)])),
      conditions: [],
      reads: [],
      ...(op.op === 'make-series' && { command: 'make-series' }),
    };
    if (!step.window) delete step.window;
    return { ...s, steps: [...(s.steps ?? []), step], columns, outputs: [...new Set([...by, ...aggregates].map(([n]) => n))], added: [], rows: undefined, dynamicReason: undefined, allAggregate: !keepsAll, items: undefined, openColumns: keepsAll };
  }

  /**
   * mv-apply Item = Array on (where ... | extend ...): a row passes when one of its items passes the subquery, so the
   * subquery's filters read as conditions on the array's fields (TargetResources.type). Items of a constant list
   * (`mv-apply token = Tokens`) make `X contains token` a test against any of the list's values.
   */
  private mvApply(s: Stream, op: Extract<Operator, { op: 'mv-apply' }>, env: Env): Stream {
    let innerEnv = env;
    const arrays: Expr[] = [];
    for (const item of op.columns) {
      if (item.type !== 'named') continue;
      const values = constantValues(item.expr, env);
      if (values) innerEnv = withBinding(innerEnv, item.names[0], { kind: 'list', values });
      else arrays.push(item);
    }
    const expanded = this.apply(s, { op: 'mv-expand', columns: arrays }, env);
    const saved = this.input;
    this.input = { ...expanded, added: [] };
    try {
      const inner = this.tabular(op.subquery, innerEnv);
      // The subquery's rows are items (unless it aggregates them): later filters on their fields hold on the same item.
      return { ...s, condition: inner.condition, columns: new Map([...expanded.columns, ...inner.columns]), added: [...new Set([...s.added, ...inner.added])], items: inner.items };
    } finally {
      this.input = saved;
    }
  }

  /**
   * A `where`'s result on the stream. A filter over aggregates is the last summarize's condition and one over
   * joined rows (the other side's columns, field comparisons) the join's, both kept as written; what it says of
   * this side's own fields still filters this side's events.
   */
  private filtered(s: Stream, t: Translated, reasons: string[], env: Env, predicate?: Expr, written?: string): Stream {
    const text = written && predicate && this.conditionText(written, predicate, s, env);
    const step = s.steps?.at(-1);
    const join = s.joins?.findLast((j) => !j.nested);
    // After a join, two columns of one row may come from the two sides' events: a comparison of them is the join's.
    const fromOther = (field: string) => {
      const def = s.columns.get(field);
      const root = field.split(/[.[]/)[0];
      // A column the continuing side did not have when it had fixed its columns (project) comes from the other side.
      const notMain = (j: JoinPart) => !!j.mainColumns && !j.mainColumns.includes(root) && !s.columns.has(root);
      return s.joins!.some((j) => j.columns.has(field) || notMain(j)) || (def?.kind === 'computed' && def.reason.startsWith('join: column from'));
    };
    const readsOther = (c: Condition) => !!join && leavesOf(c).some((l) => fromOther(l.field) || l.otherField !== undefined);
    // Neither side's columns known (no project on either): a source field could be either side's.
    const unknownSide = (c: Condition) =>
      leavesOf(c).filter((l) => !l.computed && l.field !== '*' && !s.columns.has(l.field.split(/[.[]/)[0]) && s.joins!.some((j) => !j.nested && !j.mainColumns && j.otherOpen)).map((l) => l.field);
    const cond = scopeItems(t.kind === 'cond' ? t.cond : undefined, s.items);
    const onAggregate = reasons.some((r) => r.startsWith('threshold over aggregate'));
    const toStep = !!step && onAggregate && (!join || s.steps!.length > join.stepsBefore);
    const toJoin = !toStep && !!join && (reasons.some((r) => ACROSS_ROWS.test(r)) || (cond !== undefined && readsOther(cond)));
    const ambiguous = join ? conjunctsOf(cond).filter((c) => !readsOther(c)).flatMap(unknownSide) : [];
    if (ambiguous.length) this.ctx.reasons.push(`join: column of either side: ${[...new Set(ambiguous)].join(', ')}`);
    if (!text || (!toStep && !toJoin)) {
      this.ctx.reasons.push(...reasons);
      return cond ? { ...s, condition: andItems(s.condition, cond), rows: undefined } : s;
    }
    this.ctx.reasons.push(...reasons.filter((r) => !ACROSS_ROWS.test(r)));
    const own = and(...conjunctsOf(cond).filter((c) => !readsOther(c)));
    const next: Stream = { ...s, condition: andItems(s.condition, own), rows: undefined };
    if (toStep) {
      const reads = aggregateReads(predicate!, step.functions, (n) => s.columns.get(n)?.kind === 'aggregate');
      next.steps = [...s.steps!.slice(0, -1), { ...step!, conditions: [...step.conditions, text], reads: [...step.reads, ...(reads.length ? reads : ['computed'])] }];
    } else next.joins = s.joins!.map((j) => (j === join ? { ...j, conditions: [...j.conditions, text] } : j));
    return next;
  }

  /**
   * A filter's text as written, with the definitions of the columns it reads that were computed from aggregates
   * and the let-bound values it (or they) read: `anomalies > 0 ((anomalies, score, baseline) =
   * series_decompose_anomalies(Total, scorethreshold, -1, 'linefit'); scorethreshold = 1.5)`.
   */
  private conditionText(written: string, predicate: Expr, s: Stream, env: Env): string {
    const derived = namesIn(predicate).flatMap((n) => {
      const def = s.columns.get(n);
      return def?.kind === 'aggregate' && def.derived ? [def.derived] : [];
    });
    // A definition an earlier condition of the same step or join already gave is not repeated.
    const said = [...(s.steps?.at(-1)?.conditions ?? []), ...(s.joins?.at(-1)?.conditions ?? [])].join('\n');
    const names = [...namesIn(predicate), ...collectNames(derived)];
    const lines = [...definitions(derived), ...this.scalarQueries(names, env)].filter((d) => !said.includes(d));
    return withConstants(written, names, env, lines);
  }

  /**
   * The let-bound queries a condition reads as values (`score >= toscalar(threshold) * 2`), as written, when their
   * text is one statement (`threshold = materialize (_GetWatchlist('DNS_Solution_Monitoring_Configuration') | ...)`):
   * the condition then says where its threshold comes from.
   */
  private scalarQueries(names: string[], env: Env): string[] {
    return [...new Set(names)].flatMap((n) => {
      const b = env.get(n);
      if (b?.kind !== 'tabular') return [];
      const text = expressionText(this.ctx.text, b.expr.start);
      const rest = this.ctx.text.slice(b.expr.start).replace(/\s+/g, ' ').trim();
      const whole = rest.startsWith(`${text};`) || rest.startsWith(`${text} ;`);
      return text && whole ? [`${n} = ${text}`] : [];
    });
  }

  /**
   * join: each side is a stage (the other side keeps its own filters, reasons and summarize conditions), the keys
   * and kind go to the correlation. The rows that go on are the left side's, or the right side's for rightsemi,
   * rightanti and rightouter joins. A join inside the other side adds its stages after it. lookup is a join that
   * enriches the left rows with a table's columns (`lookup` as its kind).
   */
  private join(s: Stream, op: Extract<Operator, { op: 'join' | 'lookup' }>, env: Env): Stream {
    const lookup = op.op === 'lookup';
    const kind = lookup ? 'lookup' : (op.kind ?? 'innerunique').toLowerCase();
    // The right side is another query: its own reasons do not describe the left side's filter.
    const rightCtx: Ctx = { ...this.ctx, reasons: [] };
    const right = new PipelineEvaluator(rightCtx).tabular(op.right, env);
    this.ctx.joinedTables?.push(...right.tables);
    const rightRows = RIGHT_ROWS.has(kind);
    const [main, other] = rightRows ? [right, s] : [s, right];
    const otherReasons = rightRows ? [] : mergeReasons(rightCtx.reasons);
    if (rightRows) this.ctx.reasons.push(...rightCtx.reasons);
    else this.ctx.reasons.push(...otherReasons);
    const columns = new Map(main.columns);
    const otherColumns = new Set<string>();
    for (const name of [...(other.outputs ?? []), ...other.added]) {
      if (columns.has(name)) continue;
      otherColumns.add(name);
      // A count or sum the other side summarized stays an aggregate: a filter on it is a threshold.
      const aggregate = other.columns.get(name)?.kind === 'aggregate';
      columns.set(name, aggregate ? { kind: 'aggregate' } : { kind: 'computed', reason: `join: column from the ${rightRows ? 'left' : 'right'} side` });
    }
    const role = rightRows ? 'left' : 'right';
    const part: JoinPart = {
      stage: stageOf(other.condition, sourcesOf(other), { ...(other.name && { name: other.name }), role, reasons: otherReasons }),
      kind: lookup ? (op.kind ? `lookup ${op.kind}` : 'lookup') : (op.kind ?? 'innerunique'),
      keys: op.keys ?? [],
      columns: otherColumns,
      conditions: [],
      aggregations: aggregationText(other.steps),
      stepsBefore: main.steps?.length ?? 0,
      mainTables: s.joins?.[0]?.mainTables ?? sourcesOf(main),
    };
    if (main.outputs && !main.openColumns) part.mainColumns = [...main.outputs, ...main.added];
    if (!other.outputs || other.openColumns) part.otherOpen = true;
    // A join whose condition we could not read would leave the rows' relation unsaid.
    if (!part.keys.length) this.ctx.reasons.push(`join: no condition read for ${part.kind}`);
    const indicators = indicatorTable([...s.tables, ...right.tables]) ?? [...(s.external ?? []), ...(right.external ?? [])].find(isExternalList);
    if (indicators) part.indicators = indicators;
    // The other side's own joins: their stages follow it, said as joined to it; later filters on the joined rows
    // are this join's (lastJoin).
    const nested = rightRows ? [] : (right.joins ?? []).map((j) => ({ ...j, nested: true, stepsBefore: part.stepsBefore, stage: { ...j.stage, role: `${j.stage.role ?? 'joined'} of the ${role} side` } }));
    const outputs = main.outputs && other.outputs ? [...new Set([...main.outputs, ...other.outputs])] : main.outputs;
    const added = [...new Set([...main.added, ...other.added, ...(main.outputs ? [] : other.outputs ?? [])])];
    // The log platform reads the tables of the rows that go on, or of the right side when it has the filters and
    // every row must match it (the left being an enrichment table such as DeviceInfo).
    const rightFilters = !s.condition && right.condition && RIGHT_MATCH_REQUIRED.has(kind);
    const tables = rightRows || rightFilters ? [...right.tables, ...s.tables] : s.tables;
    return {
      ...main,
      tables: [...new Set(tables)],
      columns,
      outputs,
      added,
      rows: undefined,
      openColumns: main.openColumns || other.openColumns || !other.outputs,
      joins: [...(s.joins ?? []), ...(rightRows ? (right.joins ?? []) : []), part, ...nested],
      role: main.role ?? (rightRows ? 'right' : 'left'),
    };
  }
}

/**
 * The joins of a union whose members all start from the same rows and join them each its own way (`union (TI | join
 * (Email) on $left.A == $right.Sender), (TI | join (Email) on $left.A == $right.Recipient)`): each join says its
 * keys and its member, since a row needs only one member's keys. Undefined when a member does not join, starts
 * from other rows, or filters its joined rows (those filters hold for that member only, which no part says).
 */
function memberJoins(streams: Stream[]): JoinPart[] | undefined {
  if (streams.length < 2 || !streams.every((m) => m.joins?.length)) return undefined;
  const start = (m: Stream) => JSON.stringify([m.condition && conditionKey(m.condition), m.joins![0].mainTables, m.role]);
  if (new Set(streams.map(start)).size !== 1) return undefined;
  if (streams.some((m) => aggregationText(m.steps).length || m.joins!.some((j) => j.conditions.length || j.aggregations.length))) return undefined;
  return streams.flatMap((m, i) =>
    m.joins!.map((j) => ({
      ...j,
      kind: `${j.kind} on ${j.keys.join(', ')} (union member ${i + 1})`,
      stage: { ...j.stage, role: `${j.stage.role ?? 'joined'} in union member ${i + 1}` },
    })),
  );
}

/** The tables and outside lists a stream reads, as a stage's source. */
function sourcesOf(s: Stream): string[] {
  return [...s.tables, ...(s.external ?? [])];
}

/** `count_ > threshold` reads better with the let-bound value: `count_ > threshold (threshold = 25)`. */
function withConstants(text: string, names: string[], env: Env, definitions: string[] = []): string {
  const bound = [...new Set(names)].flatMap((n) => {
    const b = env.get(n);
    const values = b && b.kind !== 'tabular' ? constantValues({ type: 'name', name: n, start: 0 }, env) : undefined;
    return values?.length === 1 ? [`${n} = ${typeof values[0] === 'string' ? JSON.stringify(values[0]) : String(values[0])}`] : [];
  });
  if (definitions.length) return `${text} (${[...definitions, ...bound].join('; ')})`;
  return bound.length ? `${text} (${bound.join(', ')})` : text;
}

/** Column names an expression reads. */
function namesIn(e: Expr, out: string[] = []): string[] {
  if (e.type === 'name') out.push(e.name);
  for (const child of Object.values(e)) {
    if (Array.isArray(child)) child.forEach((c) => c && typeof c === 'object' && 'type' in c && namesIn(c as Expr, out));
    else if (child && typeof child === 'object' && 'type' in child) namesIn(child as Expr, out);
  }
  return out;
}

/** The name a list query goes by: its let name, the let name or list it starts from, else its first table. */
function listName(e: Expr, s: Stream): string {
  if (e.type === 'name') return e.name;
  if (s.name) return s.name;
  const watchlist = s.external?.map((x) => /^watchlist "(.*)"$/.exec(x)?.[1]).find((x) => x !== undefined);
  if (watchlist !== undefined) return JSON.parse(`"${watchlist}"`) as string;
  return s.external?.length ? 'externaldata' : (s.tables[0] ?? 'subquery');
}

/** A condition's (or stage's) identity without source locations. */
function conditionKey(c: Condition | Stage): string {
  return JSON.stringify(c, (key, value) => (key === 'loc' ? undefined : value));
}

function starArgument(e: Expr): boolean {
  return e.type === 'call' && e.args.some((a) => a.type === 'star');
}

function defaultAggregateName(e: Expr): string {
  if (e.type !== 'call') return e.type === 'name' ? e.name : 'Column1';
  const fn = e.name.toLowerCase();
  const arg = e.args[0];
  const argName = arg?.type === 'name' ? arg.name : '';
  if (fn === 'count') return 'count_';
  return `${AGGREGATE_PREFIX[fn] ?? fn}_${argName}`;
}

/** The names the definitions behind `derived` read, for their let-bound values. */
function collectNames(derived: Derived[], seen = new Set<Derived>()): string[] {
  return derived.flatMap((d) => {
    if (seen.has(d)) return [];
    seen.add(d);
    return [...d.names, ...collectNames(d.reads, seen)];
  });
}

/** The members' summarize steps when every member has the same filtered ones, grouped by table (`Type`). */
function sharedAggregation(streams: Stream[]): AggregationStep[] | undefined {
  const texts = streams.map((m) => aggregationText(m.steps).join('\n'));
  const steps = streams[0]?.steps?.filter((st) => st.conditions.length);
  if (streams.length < 2 || !texts[0] || texts.some((t) => t !== texts[0]) || !steps?.every((st) => st.by.includes('Type'))) return undefined;
  return steps;
}
