/**
 * Reading one rule file and extracting one rule's logic so that nothing escapes: the file is decoded whatever its
 * encoding (with a warning when it is not UTF-8), reading and extraction each run under the per-rule time budget
 * (src/lib/languages/parsing/limits.ts), and a format that throws or runs out of time still leaves the file as a
 * rule page with its raw body and the reason. The catalog calls these two functions for every file and rule.
 */
import { join } from 'node:path';
import type { BodyLanguage, VendorId } from './definitions.ts';
import { error, warning, type Diagnostic } from './diagnostics.ts';
import { brokenRule } from './formats/common.ts';
import type { CorpusView, FileResult, RuleFormat, SourceContext } from './formats/types.ts';
import { type DecodedText, readText } from './fs.ts';
import { type Budgeted, ruleBudgetMs, withBudget } from './languages/parsing/limits.ts';
import { noLogic } from './logic/tree.ts';
import type { RuleLogic } from './logic/types.ts';
import type { RuleDraft } from './model.ts';

/** The vendor a format's files belong to when the format cannot say (its reader failed). */
const FORMAT_VENDORS: Record<RuleFormat['id'], VendorId> = {
  panther: 'panther',
  sigma: 'sigma',
  elastic: 'elastic',
  'elastic-endpoint': 'elastic',
  splunk: 'splunk',
  sentinel: 'sentinel',
  chronicle: 'chronicle',
  sublime: 'sublime',
};

/** The language a raw body is highlighted in, from the file's extension. */
export function bodyLanguage(relPath: string): BodyLanguage {
  const ext = relPath.toLowerCase().split('.').pop();
  if (ext === 'yml' || ext === 'yaml') return 'yaml';
  if (ext === 'toml' || ext === 'yaral' || ext === 'py') return ext === 'py' ? 'python' : ext;
  return 'text';
}

/** The page a file keeps when its reader could not finish: its raw text and the reason. */
function unreadFile(format: RuleFormat, source: SourceContext, relPath: string, text: string, problem: Diagnostic): RuleDraft {
  const vendor = format.vendorOf?.(relPath) ?? FORMAT_VENDORS[format.id];
  return brokenRule({ vendor, format: format.id, source, relPath, text, language: bodyLanguage(relPath), error: problem });
}

/** Reads one listed file into rules (or a not-a-rule note): never throws, never runs past the budget. */
export function readRuleFile(format: RuleFormat, source: SourceContext, relPath: string, budgetMs = ruleBudgetMs()): FileResult {
  let decoded: DecodedText;
  try {
    decoded = readText(join(source.root, relPath));
  } catch (e) {
    const problem = error(relPath, 'unreadable-file', `cannot read the file: ${(e as Error).message}`, 1);
    return { rules: [unreadFile(format, source, relPath, '', problem)] };
  }
  const { text, note } = decoded;
  const encoding = note ? [warning(relPath, 'encoding', note.message, note.line)] : [];
  let read: Budgeted<FileResult>;
  try {
    read = withBudget(budgetMs, () => format.parseFile(relPath, text, source));
  } catch (e) {
    // A format module must not throw; if it does, the file still gets its page, with the reason.
    const problem = error(relPath, 'format-crash', `${format.id} reader failed: ${(e as Error).message}`, 1);
    return { rules: [unreadFile(format, source, relPath, text, problem)], diagnostics: encoding };
  }
  if (read.overBudget !== undefined) {
    const problem = error(relPath, 'over-budget', `${read.overBudget}: the file took too long to read`, 1);
    return { rules: [unreadFile(format, source, relPath, text, problem)], diagnostics: encoding };
  }
  return encoding.length ? { ...read.value, diagnostics: [...encoding, ...(read.value.diagnostics ?? [])] } : read.value;
}

/** Extracts one rule's logic: never throws; past the budget the rule keeps its page with "reading stopped after N ms". */
export function extractRuleLogic(format: RuleFormat, rule: RuleDraft, source: SourceContext, corpus: CorpusView, budgetMs = ruleBudgetMs()): RuleLogic {
  if (rule.parseError) return noLogic('the rule file could not be parsed');
  if (!format.extractLogic) return noLogic(`no logic extractor for ${format.id} yet`);
  const file = rule.files[0]?.path ?? rule.title;
  try {
    const run = withBudget(budgetMs, () => format.extractLogic!(rule, source, corpus));
    if (run.overBudget === undefined) return run.value;
    return noLogic(run.overBudget, { diagnostics: [error(file, 'over-budget', `${run.overBudget}: the rule's logic took too long to extract`, 1)] });
  } catch (e) {
    const stack = (e as Error).stack?.split('\n').slice(0, 3).join(' ') ?? String(e);
    return noLogic(`extractor failed: ${(e as Error).message}`, { diagnostics: [error(file, 'extractor-crash', stack, 1)] });
  }
}
