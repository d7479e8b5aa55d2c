/**
 * SPL detection logic: expand macros, split the pipeline into commands and walk them. The base search and
 * later filters become the condition tree; what the tree cannot say (aggregations, lookups, joins, filters
 * on computed fields) makes it partial, and the tree is always a necessary condition on the raw events.
 */
import { error, warning, type Diagnostic } from '../../diagnostics.ts';
import { correlatedLogic } from '../../logic/correlated.ts';
import { noLogic } from '../../logic/tree.ts';
import type { RuleLogic, Stage } from '../../logic/types.ts';
import { checkBudget, nestingMessage, NestingTooDeep } from '../parsing/limits.ts';
import { offsetPosition } from '../parsing/positions.ts';
import { runCommand } from './commands.ts';
import type { SyntaxProblem } from '../parsing/cursor.ts';
import { joinShape, lookupCorrelation, lookupReasons, splCorrelation } from './correlation.ts';
import { expandMacros, type MacroTable } from './macros.ts';
import type { Locate } from './expr.ts';
import { splitCommands } from './pipeline.ts';
import { PipelineState } from './state.ts';
import { tokenize } from './tokens.ts';

export interface SplExtraction {
  logic: RuleLogic;
  /** Data models the search reads (Endpoint.Processes), for the log platform. */
  datamodels: string[];
}

export interface SplContext {
  /** File the search is in, for diagnostics. */
  file: string;
  /** Line of the search in that file, for diagnostics when `locate` is not given. */
  line?: number;
  /** Places an offset of the search in the file; leaves and diagnostics then carry line and column. */
  locate?: Locate;
}

export function extractSpl(search: string, macros: MacroTable, ctx: SplContext = { file: '<search>' }): SplExtraction {
  try {
    return extract(search, macros, ctx);
  } catch (e) {
    if (!(e instanceof NestingTooDeep)) throw e;
    // Placed in the file when the search's position is known, else in the search itself.
    const inFile = ctx.locate?.(e.offset);
    const at = inFile?.line ? { line: inFile.line, column: inFile.column ?? 1 } : offsetPosition(search, e.offset);
    const message = nestingMessage(at, e.limit);
    const diagnostic = error(ctx.file, 'spl-nesting', `the search is ${message}`, inFile?.line ?? ctx.line, inFile?.column);
    return { logic: noLogic(`SPL ${message}`, { diagnostics: [diagnostic] }), datamodels: [] };
  }
}

function extract(search: string, macros: MacroTable, ctx: SplContext): SplExtraction {
  const diagnostics: Diagnostic[] = [];
  const where = (offset: number) => ctx.locate?.(offset) ?? { line: ctx.line, column: undefined };
  const report = (p: SyntaxProblem) => {
    const at = where(p.offset);
    diagnostics.push(warning(ctx.file, 'spl-syntax', `${p.message} (at character ${p.offset + 1} of the search)`, at.line, at.column));
  };
  const lexed = tokenize(search);
  lexed.problems.forEach(report);
  const expanded = expandMacros(lexed.tokens, macros);
  const state = new PipelineState(ctx.locate);
  for (const m of expanded.unknown) {
    state.reason(`unknown macro: ${m.name}`);
    const at = where(m.offset);
    diagnostics.push(warning(ctx.file, 'spl-unknown-macro', `macro ${m.name} is not defined in macros/`, at.line, at.column));
  }
  for (const m of expanded.tooDeep) state.reason(`macro nesting too deep: ${m.name}`);
  const commands = splitCommands(expanded.tokens);
  if (commands.length === 0) return { logic: noLogic('empty search', { diagnostics }), datamodels: [] };
  const problems: SyntaxProblem[] = [];
  for (const cmd of commands) {
    checkBudget();
    runCommand(cmd, state, problems);
  }
  problems.forEach(report);
  const aggregation = splCorrelation(state.steps);
  const extra = { outputFields: state.outputs, diagnostics };
  const condition = state.conjuncts.length ? { type: 'and' as const, children: state.conjuncts } : undefined;
  if (state.joins.length) {
    const main: Stage = { name: 'main search', conjuncts: state.conjuncts, role: 'left' };
    const own = [...new Set(state.datamodels.slice(0, state.joins[0].datamodelsBefore))];
    if (own.length) main.source = own.join(', ');
    const { stages, correlation } = joinShape(main, aggregation, state.lookups, state.joins);
    return { logic: correlatedLogic(undefined, state.reasons, extra, correlation, stages), datamodels: state.datamodels };
  }
  // One correlation per rule: a lookup filter beside an aggregation stays a named partial reason.
  const correlation = aggregation ?? lookupCorrelation(state.lookups);
  if (aggregation) lookupReasons(state.lookups).forEach((r) => state.reason(r));
  const logic =
    condition || correlation
      ? correlatedLogic(condition, state.reasons, extra, correlation)
      : noLogic(state.reasons[0] ?? 'no filter conditions found', { ...extra, reasons: state.reasons.length ? state.reasons : ['no filter conditions found'] });
  return { logic, datamodels: state.datamodels };
}
