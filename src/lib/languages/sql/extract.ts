/**
 * A SQL query → the stages model. A select over one table is one stage (its WHERE); a select over a CTE that
 * only filters is merged with it; joins, unions and other CTEs become stages of their own; GROUP BY/HAVING
 * of the final select becomes the correlation. What cannot be followed is named in the reasons.
 */
import type { Diagnostic } from '../../diagnostics.ts';
import { and, conjunctsOf, leaf, leavesOf, scope, uniq } from '../../logic/tree.ts';
import type { Condition, Correlation, Stage } from '../../logic/types.ts';
import { parseSql } from './parse.ts';
import type { PreparedSql, TemplateCall, WindowCall } from './prepare.ts';
import { argsOf, columnName, functionName, sourceText, type SqlNode, type WhereContext } from './ast.ts';
import { convertWhere } from './where.ts';
import { groupingOf, qualifyCorrelation } from './grouping.ts';
import { joinCorrelation, lookupCorrelation, unstated, type Join } from './joins.ts';
import { flattenOnly, liftInSubqueries, type InSubquery } from './subqueries.ts';

export interface SqlExtraction {
  /** Filter of a single-stage query. */
  conjuncts: Condition[];
  /** Set for multi-stage queries (then `conjuncts` is empty). */
  stages?: Stage[];
  correlation?: Correlation;
  reasons: string[];
  diagnostics: Diagnostic[];
  /** Tables read, as written (db.schema.table), CTE names excluded. */
  tables: string[];
  /** Output column names (aliases, else the column read). */
  outputFields: string[];
  dialect?: string;
  templates: TemplateCall[];
  windows: WindowCall[];
  /** The first look-back the query states (a window call's first argument, else a time bound relative to now). */
  lookBack?: string;
}

export interface SqlOptions {
  /** Calls that only bound the time window (Panther p_occurs_since): they hold for every row in range. */
  windowFunctions?: string[];
}

interface Select extends SqlNode {
  from?: SqlNode[] | null;
  where?: SqlNode | null;
  groupby?: { columns?: SqlNode[] | null } | SqlNode[] | null;
  having?: SqlNode | null;
  columns?: SqlNode[] | string | null;
  with?: { name: { value: string } | string; stmt: { ast?: Select } & Select }[] | null;
  _next?: Select;
  qualify?: SqlNode | null;
  set_op?: string;
}

/** Everything the extraction of one query shares: the prepared text and the CTEs by name. */
interface Walk {
  prepared: PreparedSql;
  source: string;
  ctes: Map<string, Select>;
  reasons: string[];
  tables: string[];
  /** Look-backs stated as time bounds relative to now in the filters read. */
  windows: string[];
  /** Selects whose QUALIFY the correlation states. */
  qualified: Set<Select>;
  /** Selects whose WHERE over an aggregation's rows the correlation states. */
  aggregateFilters: Set<Select>;
  /** Every join met, to state them all in the join correlation (or name them as reasons when it cannot). */
  joins: Join[];
  /** IN-subquery tests taken out of a filter, each with the name of the stage its subquery became. */
  lookups: (InSubquery & { stage: string })[];
}

const cteName = (w: { name: { value: string } | string }) => (typeof w.name === 'string' ? w.name : w.name.value);
const selectOf = (n: unknown): Select | undefined => {
  const s = n as (Select & { ast?: Select }) | undefined;
  return s?.ast ?? (s?.type === 'select' ? s : undefined);
};

export function extractSql(text: string, file: string, options: SqlOptions = {}): SqlExtraction {
  const parsed = parseSql(text, file, options.windowFunctions);
  const base = { templates: parsed.prepared.templates, windows: parsed.prepared.windows, diagnostics: parsed.diagnostics };
  const statements = parsed.statements ?? [];
  const empty = { conjuncts: [], tables: [], outputFields: [], ...base };
  if (!parsed.statements) return { ...empty, tables: looseTables(parsed.prepared.text), reasons: ['SQL not understood'] };
  const main = selectOf(statements[0]);
  if (!main) return { ...empty, reasons: [`statement ${String((statements[0] as unknown as SqlNode | undefined)?.type)}`], dialect: parsed.dialect };
  const walk: Walk = { prepared: parsed.prepared, source: text, ctes: new Map(), reasons: [], tables: [], windows: [], qualified: new Set(), aggregateFilters: new Set(), joins: [], lookups: [] };
  if (statements.length > 1) walk.reasons.push('several statements: the first is read');
  for (const w of main.with ?? []) {
    const s = selectOf(w.stmt);
    if (s) walk.ctes.set(cteName(w), s);
  }
  const parts: Select[] = [];
  for (let s: Select | undefined = main; s; s = s._next) parts.push(s);
  const used = new Set<string>();
  const found = parts.length > 1 ? unionCorrelation(parts) : correlationOf(main, walk);
  const stages = parts.flatMap((s, i) => stagesOf(s, walk, used, parts.length > 1 ? `union part ${i + 1}` : undefined));
  // CTEs the main query does not read through a merge are stages of their own.
  for (const [name, s] of walk.ctes) if (!used.has(name)) stages.unshift(...stagesOf(s, walk, used, name));
  // A join correlation states the joins the stages met (none when the FROM only flattens lists).
  const grouping = found?.kind === 'join' && walk.joins.length ? joinCorrelation(walk) : found?.kind === 'join' ? lookupCorrelation(walk) : (found ?? lookupCorrelation(walk));
  const window = parsed.prepared.windows[0]?.args.split(',')[0].trim().replace(/^'|'$/g, '') ?? walk.windows[0];
  const correlation = grouping && window ? { ...grouping, window } : grouping;
  walk.reasons.push(...unstated(walk, correlation));
  const templates = parsed.prepared.templates.map((t) => `template ${t.name}(${t.args.join(', ')})`);
  const reasons = uniq([...walk.reasons, ...templates]);
  const outputFields = outputs(main, walk);
  const common = { ...(window && { lookBack: window }), reasons, diagnostics: parsed.diagnostics, tables: uniq(walk.tables), outputFields, dialect: parsed.dialect, templates: parsed.prepared.templates, windows: parsed.prepared.windows };
  if (stages.length === 1 && !stages[0].reasons?.length) return { conjuncts: stages[0].conjuncts, correlation, ...common };
  return { conjuncts: [], stages, correlation, ...common };
}

function context(s: Select, walk: Walk): WhereContext {
  const qualifiers = new Set<string>();
  // In a join the alias says which side a column comes from: keep it.
  for (const f of (s.from ?? []).length > 1 ? [] : (s.from ?? [])) {
    if (typeof f.table === 'string') qualifiers.add(f.table);
    if (typeof f.as === 'string') qualifiers.add(f.as);
  }
  return { prepared: walk.prepared, qualifiers, reasons: walk.reasons, source: walk.source, windows: walk.windows };
}

/** The stages one select contributes: itself (merged with a filtering CTE it reads), plus its join sides. */
function stagesOf(s: Select, walk: Walk, used: Set<string>, name?: string, depth = 0): Stage[] {
  const from = s.from ?? [];
  const ctx = context(s, walk);
  const lift = from.length === 1 && !innerSelect(from[0], walk) ? liftInSubqueries(s.where ?? undefined, ctx) : undefined;
  const own = conjunctsOf(lift ? and(...lift.rest.map((c) => convertWhere(c, ctx))) : convertWhere(s.where ?? undefined, ctx));
  if (s.qualify && !walk.qualified.has(s)) walk.reasons.push('QUALIFY on window functions');
  if (from.length === 0) return [{ ...(name ? { name } : {}), conjuncts: own }];
  const lists = from.length > 1 && typeof from[0].table === 'string' && !innerSelect(from[0], walk) ? flattenOnly(from, own.flatMap(leavesOf).map((l) => l.field), ctx) : undefined;
  if (lists) {
    walk.tables.push(sourceName(from[0]));
    const elements = lists.map((list) => scope('any', list, leaf('.', 'is_not_null'))!);
    return [{ ...(name ? { name } : {}), source: sourceName(from[0]), conjuncts: [...own, ...elements] }];
  }
  if (from.length > 1) {
    walk.joins.push(joinOf(s, walk));
    const sides = from.flatMap((f) => sideStages(f, walk, used, depth));
    return own.length ? [...sides, { name: name ?? 'joined rows', conjuncts: own }] : sides;
  }
  const [only] = from;
  const inner = innerSelect(only, walk);
  if (!inner || depth > 8) {
    if (typeof only.table === 'string') walk.tables.push(sourceName(only));
    else walk.reasons.push(`FROM ${String(only.type ?? 'expression')}`);
    const stage: Stage = { ...(name ? { name } : {}), source: sourceName(only), conjuncts: own };
    return [stage, ...(lift?.lifted ?? []).flatMap((l, i) => lookupStages(l, walk, used, i, depth))];
  }
  if (typeof only.table === 'string' && walk.ctes.has(only.table)) used.add(only.table);
  // Rows of a select over a plain filter are the rows of both filters; an inner aggregation stays its own stage.
  const innerStages = stagesOf(inner, walk, used, name ?? (typeof only.table === 'string' ? only.table : undefined), depth + 1);
  if (grouped(inner) || innerStages.length !== 1) {
    if (own.length && !walk.aggregateFilters.has(s)) walk.reasons.push('filter on aggregated rows');
    return innerStages;
  }
  return [{ ...innerStages[0], conjuncts: [...innerStages[0].conjuncts, ...own] }];
}

function sideStages(f: SqlNode, walk: Walk, used: Set<string>, depth: number): Stage[] {
  const inner = innerSelect(f, walk);
  const role = f.join ? String(f.join).toLowerCase() : 'left';
  if (!inner) {
    walk.tables.push(sourceName(f));
    return [{ name: typeof f.as === 'string' ? f.as : sourceName(f), source: sourceName(f), conjuncts: [], role }];
  }
  if (typeof f.table === 'string' && walk.ctes.has(f.table)) used.add(f.table);
  return stagesOf(inner, walk, used, typeof f.as === 'string' ? f.as : typeof f.table === 'string' ? f.table : undefined, depth + 1).map((st) => ({ ...st, role: st.role ?? role }));
}

function innerSelect(f: SqlNode, walk: Walk): Select | undefined {
  const sub = selectOf(asExpr(f));
  if (sub) return sub;
  return typeof f.table === 'string' && !f.db ? walk.ctes.get(f.table) : undefined;
}

const asExpr = (f: SqlNode) => (f.expr as { ast?: Select } | undefined)?.ast ?? f.expr;

function sourceName(f: SqlNode): string {
  if (typeof f.table !== 'string') return typeof f.as === 'string' ? f.as : 'subquery';
  const parts = f.schema ? [f.catalog ?? f.db, f.schema, f.table] : [f.db, f.table];
  return parts.filter((p) => typeof p === 'string' && p).join('.');
}

/** When no dialect reads the query, the qualified names after FROM / JOIN still say which tables it reads. */
function looseTables(text: string): string[] {
  return uniq([...text.matchAll(/\b(?:from|join)\s+([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)/gi)].map((m) => m[1]));
}

function grouped(s: Select): boolean {
  const g = s.groupby;
  return Boolean((Array.isArray(g) ? g.length : g?.columns?.length) || s.having);
}

/** GROUP BY / HAVING of the final select, or of the CTE/subquery it reads. */
function correlationOf(s: Select, walk: Walk, depth = 0): Correlation | undefined {
  if (grouped(s)) return groupingOf(s, context(s, walk), walk.source);
  const qualify = s.qualify ? qualifyCorrelation(s, context(s, walk), walk.source) : undefined;
  if (qualify) {
    walk.qualified.add(s);
    return qualify;
  }
  const [only, ...more] = s.from ?? [];
  if (!only || more.length || depth > 8) {
    return more.length ? { kind: 'join', by: joinKeys(s, walk), detail: more.map((f) => String(f.join ?? 'JOIN').toLowerCase()).join(', ') } : undefined;
  }
  const inner = innerSelect(only, walk);
  const below = inner && correlationOf(inner, walk, depth + 1);
  if (!below || !inner || !grouped(inner) || !s.where) return below;
  // A WHERE over aggregated rows is one more test on each group, as a HAVING would be.
  const text = sourceText(s.where, context(s, walk), walk.source);
  if (!text) return below;
  walk.aggregateFilters.add(s);
  const { summary: _, ...rest } = below;
  const parenthesized = (t: string) => (/\bor\b/i.test(t) ? `(${t})` : t);
  return { ...rest, condition: below.condition ? `${parenthesized(below.condition)} and ${parenthesized(text)}` : text };
}

/** The stages of a subquery taken out of a filter (`x NOT IN (SELECT ...)`), as the join's other side. */
function lookupStages(l: InSubquery, walk: Walk, used: Set<string>, i: number, depth: number): Stage[] {
  const stage = walk.lookups.length || i ? `subquery ${walk.lookups.length + 1}` : 'subquery';
  walk.lookups.push({ ...l, stage });
  const role = l.negated ? 'anti join' : 'semi join';
  return stagesOf(l.select as Select, walk, used, stage, depth + 1).map((st) => ({ ...st, role }));
}

function joinOf(s: Select, walk: Walk): Join {
  const ctx = context(s, walk);
  const more = (s.from ?? []).slice(1);
  const on = more.map((f) => (f.on ? sourceText(f.on as SqlNode, ctx, walk.source) : undefined));
  const at = Math.min(...more.map((f) => ((f.on as SqlNode | undefined)?.loc as { start: { offset: number } } | undefined)?.start.offset ?? Infinity));
  return {
    text: `join: ${more.map((f) => `${String(f.join ?? 'JOIN')} ${sourceName(f)}`).join(', ')}`,
    kinds: more.map((f) => String(f.join ?? 'JOIN').toLowerCase()),
    keys: joinKeys(s, walk),
    on,
    at,
  };
}

function joinKeys(s: Select, walk: Walk): string[] {
  const ctx = context(s, walk);
  const keys: string[] = [];
  const visit = (n: SqlNode | undefined) => {
    if (!n) return;
    if (n.type === 'binary_expr') {
      const op = String(n.operator);
      if (op === '=') {
        for (const side of [n.left, n.right]) {
          const c = columnName(side as SqlNode, { ...ctx, qualifiers: new Set() });
          if (c) keys.push(c);
        }
      } else {
        visit(n.left as SqlNode);
        visit(n.right as SqlNode);
      }
    }
  };
  for (const f of (s.from ?? []).slice(1)) visit(f.on as SqlNode | undefined);
  return uniq(keys);
}

function unionCorrelation(parts: Select[]): Correlation {
  // Each select carries the set operator that joins it to the next one.
  return { kind: 'union', by: [], detail: uniq(parts.slice(0, -1).map((p) => String(p.set_op ?? 'union').toLowerCase())).join(', ') };
}

function outputs(s: Select, walk: Walk): string[] {
  if (!Array.isArray(s.columns)) return [];
  const ctx = context(s, walk);
  return uniq(
    s.columns.flatMap((c) => {
      if (typeof c.as === 'string' && c.as) return [c.as];
      const e = c.expr as SqlNode | undefined;
      if (!e) return [];
      if (e.type === 'column_ref') {
        const name = columnName(e, ctx);
        return name && name !== '*' ? [name] : [];
      }
      if (e.type === 'function' || e.type === 'aggr_func') return argsOf(e).length ? [] : [functionName(e)];
      return [];
    }),
  );
}
