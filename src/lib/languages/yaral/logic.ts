/**
 * The detection logic of a YARA-L 2.0 rule: its events as stages, and what it does across them.
 *
 * - events: each event variable gets the filters that mention it. With one event variable the fields are
 *   written without it (`metadata.product_event_type`) and its filters are the top-level conjuncts; with
 *   several, fields keep their variable (`$e1.metadata.event_type`) and each variable is one stage named as
 *   written (`$login`), with its own filter and reasons.
 * - match:, condition: and outcome: give the correlation (correlation.ts): group-by placeholders, window, the
 *   condition on the window's result with the outcome aggregates it reads, order, joins, absent events.
 * - Partial, with a reason, for what no filter or correlation expresses: reference lists, functions other than
 *   the filter functions, comparisons of two fields of one event, outcomes computed beyond one aggregate.
 * - Output fields: the outcome variables by name (`$risk_score`, `$principal_ip`), then the match variables:
 *   exactly the columns a detection shows, which is what an engineer triaging an alert looks for.
 */
import { warning, type Diagnostic } from '../../diagnostics.ts';
import { correlatedLogic } from '../../logic/correlated.ts';
import { and, conjunctsOf, noLogic, uniq } from '../../logic/tree.ts';
import type { Condition, RuleLogic } from '../../logic/types.ts';
import { forEachField, type Expr, type YaralRule } from './ast.ts';
import { FieldWriter } from './condition.ts';
import { yaralShape, type VariableFilter } from './correlation.ts';
import { EventTranslator, bindingOf, variablesOf, type EventContext } from './events.ts';

/** Event variables in order of first appearance in the events section. */
export function eventVariablesOf(rule: YaralRule): string[] {
  const out: string[] = [];
  forEachField(rule.events, (f) => {
    if (!out.includes(f.variable)) out.push(f.variable);
  });
  return out;
}

/** Top-level statements, with `a and b` split so that each part is sorted to its own variable. */
function statementsOf(events: Expr[]): Expr[] {
  return events.flatMap((e) => (e.type === 'and' ? statementsOf(e.children) : [e]));
}

export function extractYaralLogic(rule: YaralRule, file: string): RuleLogic {
  const diagnostics: Diagnostic[] = [];
  const eventVariables = eventVariablesOf(rule);
  const globalReasons: string[] = [];
  const ctx: EventContext = { eventVariables, bindings: new Map(), reasons: globalReasons };
  const filters: Expr[] = [];
  for (const s of statementsOf(rule.events)) {
    const b = bindingOf(s);
    if (b) ctx.bindings.set(b.name, [...(ctx.bindings.get(b.name) ?? []), b.expr]);
    else filters.push(s);
  }
  const perVariable = new Map<string, VariableFilter>(eventVariables.map((v) => [v, { conjuncts: [], reasons: [] }]));
  noteSameEventBindings(ctx, perVariable);

  // Each statement's reasons go to the variable it filters; statements relating several variables are the correlation's.
  const translator = new EventTranslator(ctx);
  const cross: Expr[] = [];
  const unattached: Condition[] = [];
  for (const s of filters) {
    const vars = [...variablesOf(s, ctx)];
    if (vars.length > 1) {
      cross.push(s);
      continue;
    }
    const before = globalReasons.length;
    const cond = translator.translate(s);
    const own = vars.length === 1 ? perVariable.get(vars[0]) : undefined;
    if (own) {
      own.reasons.push(...globalReasons.splice(before));
      own.conjuncts.push(...conjunctsOf(cond));
    } else if (cond) unattached.push(cond);
  }
  // A filter that names no event variable (a placeholder bound nowhere) still filters the first event.
  if (unattached.length && eventVariables.length) perVariable.get(eventVariables[0])!.conjuncts.push(...unattached);

  const single = eventVariables.length === 1 ? eventVariables[0] : undefined;
  const shape = yaralShape({ rule, ctx, fields: new FieldWriter(ctx, single), perVariable, cross });
  const reasons = uniq([...[...perVariable.values()].flatMap((f) => f.reasons), ...globalReasons, ...shape.reasons]);
  const outputFields = uniq([...rule.outcome.map((o) => `$${o.name}`), ...(rule.match?.variables ?? []).map((v) => `$${v}`)]);
  const extra = { outputFields, diagnostics };
  if (shape.stages) {
    if (shape.stages.some((s) => s.conjuncts.length)) return correlatedLogic(undefined, reasons, extra, shape.correlation, shape.stages);
  } else {
    const tree = single ? and(...perVariable.get(single)!.conjuncts) : and(...unattached);
    if (tree || shape.correlation) return correlatedLogic(tree, reasons, extra, shape.correlation);
  }
  const why = reasons.length ? reasons : ['no filter conditions found'];
  diagnostics.push(warning(file, 'yaral-no-filter', `rule ${rule.name}: no filter could be extracted (${why.join('; ')})`, rule.pos.line));
  return noLogic(why[0], { reasons: why, outputFields, diagnostics });
}

/** A placeholder bound to two fields of the same event compares them: no leaf expresses that. */
function noteSameEventBindings(ctx: EventContext, perVariable: Map<string, VariableFilter>) {
  for (const [name, exprs] of ctx.bindings) {
    if (exprs.length < 2) continue;
    const vars = exprs.map((e) => [...variablesOf(e, ctx)].join(','));
    for (const v of vars.filter((v, i) => vars.indexOf(v) !== i)) {
      const own = perVariable.get(v);
      if (own) own.reasons.push(`field comparison: $${name}`);
      else ctx.reasons.push(`field comparison: $${name}`);
    }
  }
}
