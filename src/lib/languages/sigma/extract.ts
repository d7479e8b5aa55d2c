/** The detection logic of one Sigma rule document: its selections combined as its `condition` says. */
import { warning, type Diagnostic } from '../../diagnostics.ts';
import { correlatedLogic } from '../../logic/correlated.ts';
import { and, conjunctsOf, noLogic, not, or, uniq } from '../../logic/tree.ts';
import type { Condition, Correlation, RuleLogic, Stage } from '../../logic/types.ts';
import { parseAggregation } from './aggregation.ts';
import { parseCondition, type ConditionAst } from './condition.ts';
import { selectionCondition, type BuildContext } from './detection.ts';
import type { SigmaDocument } from './document.ts';

/** The tree of one detection block, with the reasons that make it partial. */
export interface DetectionResult {
  condition?: Condition;
  reasons: string[];
  diagnostics: Diagnostic[];
  /** The Sigma 1.x aggregation after `|`, when the catalog can state it (see aggregation.ts). */
  correlation?: Correlation;
  /** For `near`: the condition's events, then one stage per selection named after it. */
  stages?: Stage[];
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

/** Names an `of` expression covers: `them` is every selection not starting with `_`. */
function namesFor(target: string, names: string[]): string[] {
  if (target === 'them') return names.filter((n) => !n.startsWith('_'));
  const re = globToRegExp(target);
  return names.filter((n) => re.test(n));
}

class ConditionEvaluator {
  private readonly cache = new Map<string, Condition | undefined>();

  constructor(
    private readonly selections: Record<string, unknown>,
    private readonly ctx: BuildContext,
    private readonly conditionLine: number | undefined,
  ) {}

  private selection(name: string): Condition | undefined {
    if (!this.cache.has(name)) this.cache.set(name, selectionCondition(name, this.selections[name], this.ctx));
    return this.cache.get(name);
  }

  private problem(reason: string, message: string) {
    this.ctx.reasons.push(reason);
    this.ctx.diagnostics.push(warning(this.ctx.file, 'sigma-condition', message, this.conditionLine));
  }

  evaluate(ast: ConditionAst): Condition | undefined {
    switch (ast.type) {
      case 'ref':
        if (!(ast.name in this.selections)) {
          this.problem(`unknown selection: ${ast.name}`, `the condition names "${ast.name}", which the detection does not define`);
          return undefined;
        }
        return this.selection(ast.name);
      case 'of': {
        const names = namesFor(ast.target, Object.keys(this.selections));
        if (!names.length) {
          this.problem(`unknown selection: ${ast.target}`, `"${ast.target}" matches no selection of the detection`);
          return undefined;
        }
        const children = names.map((n) => this.selection(n));
        if (ast.quantifier === 'all') return and(...children);
        if (ast.quantifier > 1 && names.length > 1) {
          this.ctx.reasons.push(`${ast.quantifier} of: ${ast.target}`);
        }
        return or(...children);
      }
      case 'and':
        return and(...ast.children.map((c) => this.evaluate(c)));
      case 'or':
        return or(...ast.children.map((c) => this.evaluate(c)));
      case 'not':
        return not(this.evaluate(ast.child));
    }
  }
}

/** Conditions as one string or (Sigma 1.x) a list of alternatives. */
function conditionTexts(raw: unknown): string[] {
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw)) return raw.filter((c): c is string => typeof c === 'string');
  return [];
}

/** The tree of a detection block (used for rules, and for the rules a correlation names). */
export function detectionTree(doc: SigmaDocument): DetectionResult {
  const ctx: BuildContext = { file: doc.file, lines: doc.lines, reasons: [], diagnostics: [] };
  const detection = doc.data.detection;
  if (typeof detection !== 'object' || detection === null || Array.isArray(detection)) {
    return { reasons: ['no detection block'], diagnostics: ctx.diagnostics };
  }
  const { condition: rawCondition, timeframe, ...selections } = detection as Record<string, unknown>;
  const line = doc.lines.condition;
  const texts = conditionTexts(rawCondition);
  if (!texts.length) {
    ctx.diagnostics.push(warning(doc.file, 'sigma-condition', 'the detection has no condition', line));
    return { reasons: ['no condition'], diagnostics: ctx.diagnostics };
  }
  const evaluator = new ConditionEvaluator(selections, ctx, line);
  const window = timeframe === undefined ? undefined : String(timeframe);
  if (texts.length === 1) {
    const aggregated = aggregatedTree(texts[0], evaluator, ctx, window);
    if (aggregated) return { ...aggregated, reasons: uniq(ctx.reasons), diagnostics: ctx.diagnostics };
  }
  const branches: (Condition | undefined)[] = [];
  for (const text of texts) {
    const parsed = parseCondition(text);
    // A huge condition (5,000 parentheses deep) is clipped in messages; the rule's body keeps it whole.
    const shown = text.length > 120 ? `${text.slice(0, 119)}…` : text;
    for (const p of parsed.problems) {
      ctx.diagnostics.push(warning(doc.file, 'sigma-condition', `condition "${shown}": ${p.message} (at column ${p.offset + 1})`, line));
    }
    if (!parsed.ast) {
      // The problem that stopped the parser says why ("nested deeper than 100 at 1:101").
      const stop = parsed.problems.at(-1);
      ctx.reasons.push(`condition syntax: ${shown}${stop ? ` (${stop.message})` : ''}`);
      continue;
    }
    if (parsed.aggregation) ctx.reasons.push(`aggregation: ${parsed.aggregation}`);
    branches.push(evaluator.evaluate(parsed.ast));
  }
  if (timeframe !== undefined) ctx.reasons.push(`timeframe: ${String(timeframe)}`);
  return { condition: or(...branches), reasons: uniq(ctx.reasons), diagnostics: ctx.diagnostics };
}

/**
 * A condition with a Sigma 1.x aggregation the catalog can state: the tree before `|` with the aggregation as its
 * correlation, or (`near`) one stage for it and one per selection `near` names. Undefined otherwise.
 */
function aggregatedTree(text: string, evaluator: ConditionEvaluator, ctx: BuildContext, window: string | undefined): Omit<DetectionResult, 'reasons' | 'diagnostics'> | undefined {
  const parsed = parseCondition(text);
  const aggregation = parsed.ast && parsed.aggregation !== undefined ? parseAggregation(parsed.aggregation, window) : undefined;
  if (!parsed.ast || !aggregation) return undefined;
  const condition = evaluator.evaluate(parsed.ast);
  if (aggregation.type === 'count') return { condition, correlation: aggregation.correlation };
  const main = text.slice(0, text.indexOf('|')).trim();
  const stages: Stage[] = [
    { name: main, conjuncts: conjunctsOf(condition) },
    ...aggregation.terms.map((t): Stage => ({
      name: t.name,
      conjuncts: conjunctsOf(evaluator.evaluate({ type: 'ref', name: t.name, offset: 0 })),
      ...(t.negated && { role: 'missing' }),
    })),
  ];
  if (!stages.some((s) => s.conjuncts.length)) ctx.reasons.push(`aggregation: ${parsed.aggregation}`);
  return {
    condition: and(...stages.flatMap((s) => s.conjuncts)),
    stages,
    correlation: { kind: 'temporal', by: [], ...(aggregation.window && { window: aggregation.window }), ordered: false },
  };
}

/** Output fields: the rule's `fields:` list, in its order. */
export function sigmaOutputFields(doc: SigmaDocument): string[] {
  const fields = doc.data.fields;
  return Array.isArray(fields) ? uniq(fields.filter((f): f is string => typeof f === 'string')) : [];
}

/** Logic of a plain Sigma rule. */
export function extractRuleLogic(doc: SigmaDocument): RuleLogic {
  const result = detectionTree(doc);
  const outputFields = sigmaOutputFields(doc);
  if (!result.condition) {
    return noLogic(result.reasons[0] ?? 'no filter conditions found', { reasons: result.reasons.length ? result.reasons : ['no filter conditions found'], diagnostics: result.diagnostics, outputFields });
  }
  return correlatedLogic(result.stages ? undefined : result.condition, result.reasons, { outputFields, diagnostics: result.diagnostics }, result.correlation, result.stages);
}
