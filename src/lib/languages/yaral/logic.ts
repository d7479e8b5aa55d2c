/**
 * The detection logic of a YARA-L 2.0 rule as one condition tree.
 *
 * - events: each event variable gets the filters that mention it. With one event variable the fields are
 *   written without it (`metadata.product_event_type`) and its filters are the top-level conjuncts; with
 *   several, fields keep their variable (`$e1.metadata.event_type`) and each variable is one subtree
 *   (one conjunct, one line), combined as the condition: section combines them.
 * - Partial, with a reason, for what no filter expresses: joins between event variables ("multi-event join"),
 *   counts and outcome thresholds in the condition ("threshold"), absent events ("absence"), reference lists,
 *   functions other than the filter functions, and the match window when one of those makes it matter.
 * - Output fields: the outcome variables by name (`$risk_score`, `$principal_ip`), then the match variables:
 *   exactly the columns a detection shows, which is what an engineer triaging an alert looks for.
 */
import { warning, type Diagnostic } from '../../diagnostics.ts';
import { and, logicFrom, noLogic, uniq } from '../../logic/tree.ts';
import type { Condition, RuleLogic } from '../../logic/types.ts';
import type { Expr, YaralRule } from './ast.ts';
import { EventTranslator, bindingOf, variablesOf, type EventContext } from './events.ts';

/** Event variables in order of first appearance in the events section. */
export function eventVariablesOf(rule: YaralRule): string[] {
  const out: string[] = [];
  const visit = (e: Expr) => {
    switch (e.type) {
      case 'field':
        if (!out.includes(e.variable)) out.push(e.variable);
        return;
      case 'call':
        return e.args.forEach(visit);
      case 'compare':
      case 'arith':
        visit(e.left);
        return visit(e.right);
      case 'and':
      case 'or':
        return e.children.forEach(visit);
      case 'in':
      case 'not':
      case 'quantified':
      case 'neg':
        return visit(e.expr);
    }
  };
  rule.events.forEach(visit);
  return out;
}

/** Top-level statements, with `a and b` split so that each part is sorted to its own variable. */
function statementsOf(events: Expr[]): Expr[] {
  return events.flatMap((e) => (e.type === 'and' ? statementsOf(e.children) : [e]));
}

/** Nodes built by group(): they flatten into each other, never into an event variable's subtree. */
const groupNodes = new WeakSet<Condition>();

/** And/or of event-variable subtrees that keeps each subtree whole (tree.ts and() would flatten them). */
function group(type: 'and' | 'or', children: (Condition | undefined)[]): Condition | undefined {
  const kept = children
    .filter((c): c is Condition => c !== undefined)
    .flatMap((c) => (c.type === type && groupNodes.has(c) ? c.children : [c]));
  if (kept.length <= 1) return kept[0];
  const node: Condition = { type, children: kept };
  groupNodes.add(node);
  return node;
}

const describeCount = (name: string, op: string, value: Expr) =>
  `#${name} ${op} ${value.type === 'number' ? value.value : '…'}`;

/** Walks condition: and returns the tree it selects; thresholds and absences become reasons. */
class ConditionWalker {
  readonly used = new Set<string>();
  thresholds = false;
  absence = false;
  joinedByAnd = false;

  constructor(
    private readonly subtrees: Map<string, Condition | undefined>,
    private readonly reasons: string[],
  ) {}

  walk(e: Expr): Condition | undefined {
    switch (e.type) {
      case 'placeholder':
        if (this.subtrees.has(e.name)) {
          this.used.add(e.name);
          return this.subtrees.get(e.name);
        }
        this.reasons.push(`unsupported condition: $${e.name}`);
        return undefined;
      case 'not':
        if (e.expr.type === 'placeholder' && this.subtrees.has(e.expr.name)) {
          this.used.add(e.expr.name);
          this.absence = true;
          this.reasons.push(`absence: !$${e.expr.name}`);
          return undefined;
        }
        this.reasons.push('unsupported condition: not');
        return undefined;
      case 'compare':
        return this.comparison(e.left, e.op, e.right);
      case 'and':
      case 'or': {
        const refs = e.children.filter((c) => this.mentionsEvent(c)).length;
        if (e.type === 'and' && refs > 1) this.joinedByAnd = true;
        return group(e.type, e.children.map((c) => this.walk(c)));
      }
      default:
        this.reasons.push(`unsupported condition: ${e.type}`);
        return undefined;
    }
  }

  private mentionsEvent(e: Expr): boolean {
    if (e.type === 'placeholder') return this.subtrees.has(e.name);
    if (e.type === 'compare') return this.mentionsEvent(e.left);
    if (e.type === 'count') return this.subtrees.has(e.name);
    if (e.type === 'not') return this.mentionsEvent(e.expr);
    if (e.type === 'and' || e.type === 'or') return e.children.some((c) => this.mentionsEvent(c));
    return false;
  }

  /** `#e > 5` keeps e's filters and adds a threshold; `#e > 0` is the same as `$e`; `$score > 10` is a threshold. */
  private comparison(left: Expr, op: string, right: Expr): Condition | undefined {
    if (left.type === 'count' && this.subtrees.has(left.name)) {
      this.used.add(left.name);
      const n = right.type === 'number' ? right.value : NaN;
      const justExists = (op === '>' && n === 0) || (op === '>=' && n === 1);
      if (!justExists) {
        this.thresholds = true;
        this.reasons.push(`threshold: ${describeCount(left.name, op, right)}`);
      }
      return this.subtrees.get(left.name);
    }
    this.thresholds = true;
    const name = left.type === 'count' ? `#${left.name}` : left.type === 'placeholder' ? `$${left.name}` : 'expression';
    const value = right.type === 'number' ? right.value : right.type === 'string' ? JSON.stringify(right.value) : '…';
    this.reasons.push(`threshold: ${name} ${op} ${value}`);
    return undefined;
  }
}

export function extractYaralLogic(rule: YaralRule, file: string): RuleLogic {
  const diagnostics: Diagnostic[] = [];
  const eventVariables = eventVariablesOf(rule);
  const reasons: string[] = [];
  const ctx: EventContext = { eventVariables, bindings: new Map(), reasons };
  const statements = statementsOf(rule.events);
  const filters: Expr[] = [];
  for (const s of statements) {
    const b = bindingOf(s);
    if (b) ctx.bindings.set(b.name, [...(ctx.bindings.get(b.name) ?? []), b.expr]);
    else filters.push(s);
  }
  noteSameEventBindings(ctx);

  const translator = new EventTranslator(ctx);
  const perVariable = new Map<string, Condition[]>(eventVariables.map((v) => [v, []]));
  const mixed: Condition[] = [];
  for (const s of filters) {
    const cond = translator.translate(s);
    if (!cond) continue;
    const vars = [...variablesOf(s, ctx)];
    if (vars.length === 1 && perVariable.has(vars[0])) perVariable.get(vars[0])!.push(cond);
    else mixed.push(cond);
  }
  const subtrees = new Map<string, Condition | undefined>();
  for (const [v, conds] of perVariable) subtrees.set(v, and(...conds));

  const walker = new ConditionWalker(subtrees, reasons);
  let tree = rule.condition ? walker.walk(rule.condition) : group('and', [...subtrees.values()]);
  const unused = eventVariables.filter((v) => !walker.used.has(v)).map((v) => subtrees.get(v));
  tree = group('and', [tree, ...unused, ...mixed]);
  if (eventVariables.length > 1 && (walker.joinedByAnd || unused.length > 0 || !rule.condition)) {
    const on = joinPlaceholders(ctx);
    reasons.push(`multi-event join: ${eventVariables.map((v) => `$${v}`).join(', ')}${on.length ? ` on ${on.map((p) => `$${p}`).join(', ')}` : ''}`);
  }
  const joined = reasons.some((r) => r.startsWith('multi-event join'));
  if (rule.match && (walker.thresholds || walker.absence || joined)) reasons.push(`match window: ${rule.match.text}`);

  const outputFields = uniq([...rule.outcome.map((o) => `$${o.name}`), ...(rule.match?.variables ?? []).map((v) => `$${v}`)]);
  if (!tree) {
    const why = reasons.length ? reasons : ['no filter conditions found'];
    diagnostics.push(warning(file, 'yaral-no-filter', `rule ${rule.name}: no filter could be extracted (${why.join('; ')})`, rule.pos.line));
    return noLogic(why[0], { reasons: uniq(why), outputFields, diagnostics });
  }
  // Single-event rules list their filters as top-level conjuncts; several events keep one subtree each.
  return logicFrom(tree, uniq(reasons), { outputFields, diagnostics });
}

/** Placeholders bound to fields of two or more event variables: what the events are joined on. */
function joinPlaceholders(ctx: EventContext): string[] {
  return [...ctx.bindings.keys()].filter((name) => variablesOf({ type: 'placeholder', name, pos: { line: 0, column: 0 } }, ctx).size > 1);
}

/** A placeholder bound to two fields of the same event compares them: no leaf expresses that. */
function noteSameEventBindings(ctx: EventContext) {
  for (const [name, exprs] of ctx.bindings) {
    if (exprs.length < 2) continue;
    const vars = exprs.map((e) => [...variablesOf(e, ctx)].join(','));
    if (new Set(vars).size < vars.length) ctx.reasons.push(`field comparison: $${name}`);
  }
}
