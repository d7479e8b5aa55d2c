/**
 * What a YARA-L rule does across events, from its match:, condition: and outcome: sections and the statements of
 * its events: section that relate two event variables.
 *
 * - One event variable and a match: section: the events are grouped per match placeholder within the window
 *   (`by` the placeholders as written, `window` as written, `detail` the fields they stand for); the condition on
 *   the group is the correlation's condition, its kind `threshold` (`#e`, `count()`), `distinct_count` (`#p`,
 *   `count_distinct()`) or `aggregation` (other outcomes, or none: one detection per group, `count >= 1`).
 * - Several event variables: each is a stage named as written (`$login`), with its event type as source, its own
 *   filter and reasons, `missing` for `!$e`, and as `by` the fields it binds to the match placeholders. Timestamp
 *   comparisons that order every stage make a `sequence`; one event stage with entity-graph stages (`$ioc`,
 *   `$prevalence`) is an `indicator_match`; an `or` of event variables a `union`; otherwise a `join`. Placeholders
 *   shared outside the match section and other comparisons across events join the condition.
 */
import { leavesOf } from '../../logic/tree.ts';
import type { Condition, Correlation, CorrelationKind, Stage } from '../../logic/types.ts';
import { forEachField, type Expr, type YaralRule } from './ast.ts';
import { ConditionReader, type AggregateKind, type ConditionReading, type FieldWriter } from './condition.ts';
import { variablesOf, type EventContext } from './events.ts';

export interface VariableFilter {
  conjuncts: Condition[];
  reasons: string[];
}

export interface ShapeInput {
  rule: YaralRule;
  ctx: EventContext;
  fields: FieldWriter;
  /** Each event variable's filter and the reasons its own statements gave. */
  perVariable: Map<string, VariableFilter>;
  /** Statements of the events section that mention two or more event variables. */
  cross: Expr[];
}

export interface YaralShape {
  stages?: Stage[];
  correlation?: Correlation;
  /** Reasons of the condition and outcomes (the stages' own reasons are in their filters). */
  reasons: string[];
}

const OPS: Record<string, string> = { '=': '==', '!=': '!=', '<': '<', '>': '>', '<=': '<=', '>=': '>=', '=~': '=~' };

function aggregateKind(aggregates: Set<AggregateKind>): CorrelationKind {
  if (aggregates.has('other')) return 'aggregation';
  if (aggregates.has('distinct')) return 'distinct_count';
  if (aggregates.has('count')) return 'threshold';
  return 'aggregation';
}

export function yaralShape(input: ShapeInput): YaralShape {
  const { rule, ctx, fields } = input;
  const reading = new ConditionReader(ctx, rule.outcome, fields).read(rule.condition);
  const reasons = [...reading.reasons];
  const edges: { before: string; after: string; expr: Expr }[] = [];
  const crossTerms: string[] = [];
  for (const s of input.cross) {
    const edge = orderEdge(s, ctx);
    if (edge) edges.push({ ...edge, expr: s });
    else crossTerms.push(crossText(s, fields));
  }
  const matchVars = rule.match?.variables ?? [];
  const window = rule.match?.window;

  if (ctx.eventVariables.length <= 1) {
    const terms = [...reading.terms, ...crossTerms];
    if (!rule.match) {
      // Without a match section the condition is checked on each event: a term on a computed value is no filter.
      if (terms.length) reasons.push(`condition: ${terms.join(' and ')}`);
      return { reasons };
    }
    const detail = bindingText(matchVars, ctx, fields);
    const correlation: Correlation = {
      kind: aggregateKind(reading.aggregates),
      by: matchVars.map((v) => `$${v}`),
      ...(window && { window }),
      condition: terms.join(' and ') || 'count >= 1',
      ...(detail && { detail }),
    };
    return { correlation, reasons };
  }

  const graph = new Set(ctx.eventVariables.filter((v) => readsOnlyGraph(v, rule)));
  let order = ctx.eventVariables;
  let kind: CorrelationKind;
  const sequence = reading.alternatives ? undefined : sequenceOrder(ctx.eventVariables, edges);
  if (reading.alternatives) kind = 'union';
  else if (sequence) {
    kind = 'sequence';
    order = sequence;
  } else {
    crossTerms.push(...edges.map((e) => crossText(e.expr, fields)));
    const events = reading.present.filter((v) => !graph.has(v));
    kind = events.length === 1 && reading.present.length > 1 ? 'indicator_match' : 'join';
  }
  const stages = order.map((v) => stageOf(v, input, reading, matchVars, graph.has(v)));
  // The match placeholders are the correlation's `by` and each stage's own; an indicator match states every pair.
  const joinTerms = sharedPlaceholders(ctx)
    .filter((p) => kind === 'indicator_match' || !matchVars.includes(p))
    .flatMap((p) => equalities(p, ctx, fields));
  const condition = [...joinTerms, ...reading.terms, ...crossTerms].join(' and ');
  const correlation: Correlation = {
    kind,
    by: (matchVars.length ? matchVars : sharedPlaceholders(ctx)).map((v) => `$${v}`),
    ...(window && { window }),
    ...(kind === 'sequence' && { ordered: true }),
    ...(condition && { condition }),
    ...(kind === 'indicator_match' && { detail: [...graph].map((v) => `$${v}`).join(', ') }),
  };
  return { stages, correlation, reasons };
}

function stageOf(v: string, input: ShapeInput, reading: ConditionReading, matchVars: string[], graph: boolean): Stage {
  const filter = input.perVariable.get(v) ?? { conjuncts: [], reasons: [] };
  const source = sourceOf(filter.conjuncts, graph);
  const by = matchVars.map((m) => boundField(m, v, input.ctx, input.fields));
  return {
    name: `$${v}`,
    ...(source && { source }),
    conjuncts: filter.conjuncts,
    ...(filter.reasons.length && { reasons: [...new Set(filter.reasons)] }),
    ...(reading.missing.includes(v) && { role: 'missing' }),
    ...(by.length && by.every((f) => f !== undefined) && { by: by as string[] }),
  };
}

/** The event type a stage reads (`USER_LOGIN`), or `entity graph` with the entity type for context stages. */
function sourceOf(conjuncts: Condition[], graph: boolean): string | undefined {
  const suffix = graph ? 'graph.metadata.entity_type' : 'metadata.event_type';
  const values = conjuncts
    .filter((c) => c.type === 'leaf')
    .flatMap(leavesOf)
    .filter((l) => l.field.endsWith(suffix) && (l.kind === 'eq' || l.kind === 'in'))
    .flatMap((l) => l.values.map(String));
  const text = [...new Set(values)].join(', ');
  if (graph) return text ? `entity graph: ${text}` : 'entity graph';
  return text || undefined;
}

/** True when every field the variable reads is in the entity graph (`$ioc.graph.entity.file.sha256`). */
function readsOnlyGraph(variable: string, rule: YaralRule): boolean {
  const paths: string[] = [];
  forEachField(rule.events, (f) => {
    if (f.variable === variable) paths.push(f.path);
  });
  return paths.length > 0 && paths.every((p) => p.startsWith('graph.'));
}

/** The field of `variable` a placeholder is bound to, as the stage block writes it. */
function boundField(placeholder: string, variable: string, ctx: EventContext, fields: FieldWriter): string | undefined {
  const binding = (ctx.bindings.get(placeholder) ?? []).find((b) => variablesOf(b, ctx).has(variable));
  return binding && (fields.plain(binding) ?? fields.text(binding));
}

/** `$userid = target.user.userid`: what each match placeholder stands for in a one-event rule. */
function bindingText(placeholders: string[], ctx: EventContext, fields: FieldWriter): string | undefined {
  const parts = placeholders.flatMap((p) => {
    const bound = ctx.bindings.get(p)?.[0];
    return bound ? [`$${p} = ${fields.plain(bound) ?? fields.text(bound)}`] : [];
  });
  return parts.length ? parts.join('; ') : undefined;
}

/** Placeholders bound to fields of two or more event variables: what the events are joined on. */
export function sharedPlaceholders(ctx: EventContext): string[] {
  return [...ctx.bindings.keys()].filter((name) => variablesOf({ type: 'placeholder', name, pos: { line: 0, column: 0 } }, ctx).size > 1);
}

/** `$a.x == $b.y` for each further event variable a shared placeholder is bound in. */
function equalities(placeholder: string, ctx: EventContext, fields: FieldWriter): string[] {
  const bound = (ctx.bindings.get(placeholder) ?? []).map((b) => fields.plain(b) ?? fields.text(b));
  return bound.slice(1).map((f) => `${bound[0]} == ${f}`);
}

/** `$a.metadata.event_timestamp.seconds < $b.metadata.event_timestamp.seconds`: $a happens before $b. */
function orderEdge(s: Expr, ctx: EventContext): { before: string; after: string } | undefined {
  if (s.type !== 'compare' || !['<', '<=', '>', '>='].includes(s.op)) return undefined;
  const left = timestampVariable(s.left, ctx);
  const right = timestampVariable(s.right, ctx);
  if (!left || !right || left === right) return undefined;
  return s.op.startsWith('<') ? { before: left, after: right } : { before: right, after: left };
}

function timestampVariable(e: Expr, ctx: EventContext): string | undefined {
  if (e.type === 'field') return /(^|\.)\w*timestamp(\.seconds)?$/.test(e.path) ? e.variable : undefined;
  if (e.type === 'placeholder') {
    const bound = ctx.bindings.get(e.name)?.[0];
    return bound && bound.type === 'field' ? timestampVariable(bound, ctx) : undefined;
  }
  return undefined;
}

/** The one order of the variables the edges allow, when they allow exactly one; else undefined. */
function sequenceOrder(variables: string[], edges: { before: string; after: string }[]): string[] | undefined {
  if (!edges.length) return undefined;
  const indegree = new Map(variables.map((v) => [v, 0]));
  for (const e of edges) indegree.set(e.after, (indegree.get(e.after) ?? 0) + 1);
  const order: string[] = [];
  const left = new Set(variables);
  while (left.size) {
    const ready = [...left].filter((v) => indegree.get(v) === 0);
    if (ready.length !== 1) return undefined;
    const [v] = ready;
    order.push(v);
    left.delete(v);
    for (const e of edges) if (e.before === v) indegree.set(e.after, indegree.get(e.after)! - 1);
  }
  return order;
}

/** A statement relating events, in the catalog's notation (`$a.x == $b.y`), fields as the stage blocks write them. */
function crossText(s: Expr, fields: FieldWriter): string {
  if (s.type !== 'compare') return fields.text(s);
  const side = (e: Expr) => (e.type === 'field' ? fields.field(e) : e.type === 'placeholder' ? `$${e.name}` : fields.text(e));
  return `${side(s.left)} ${OPS[s.op]} ${side(s.right)}`;
}
