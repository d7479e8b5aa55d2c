/**
 * The table of query languages: every language the catalog reads, behind one signature. `extract(text, context)`
 * turns query text into the shared result (`RuleLogic`, see logic/README.md) whatever the language; the optional
 * context says what a vendor knows beyond the text (SPL macros, Panther's Python helpers, EQL's category field)
 * and defaults to what a query means on its own. Each entry is a thin adapter over the language's own entry:
 * the trees are the parsers' own. Positions (leaf `loc`, diagnostics) are in the query text given; the format
 * that knows where the query sits in its file rebases them. No vendor is named here: formats/ call this table.
 */
import type { QueryLanguage } from '../definitions.ts';
import { error, lineColumn, warning, type Diagnostic } from '../diagnostics.ts';
import { correlatedLogic } from '../logic/correlated.ts';
import { logicFrom, noLogic, uniq } from '../logic/tree.ts';
import type { Condition, Correlation, RuleLogic, Stage } from '../logic/types.ts';
import { eqlLogic } from './eql/index.ts';
import { esqlLogic } from './esql/index.ts';
import { analyzeKql } from './kql/extract.ts';
import { kueryLogic } from './kuery/index.ts';
import { luceneLogic } from './lucene/index.ts';
import { extractMqlLogic } from './mql/index.ts';
import type { SyntaxProblem } from './parsing/cursor.ts';
import type { QueryLogic } from './parsing/query-logic.ts';
import { extractPython, type EntryPoint } from './python/extract.ts';
import type { Mocks } from './python/mocks.ts';
import type { Library } from './python/interpret.ts';
import { loadSigmaFile, type SigmaDocument } from './sigma/document.ts';
import { extractRuleLogic } from './sigma/extract.ts';
import { extractSpl } from './spl/extract.ts';
import type { MacroTable } from './spl/macros.ts';
import { extractSql } from './sql/extract.ts';
import { extractYaralLogic } from './yaral/logic.ts';
import { parseYaral } from './yaral/parser.ts';

/** What every language's `extract` returns: the rule logic, and what the query itself names as its input. */
export interface LanguageLogic extends RuleLogic {
  /** Indices, tables or data models the query reads, as written, in query order (ES|QL `from`, KQL and SQL tables, SPL data models). */
  sources?: string[];
  /** Of `sources`, those the query only joins or looks up (the right side of a KQL join); the others are its main input. */
  joinedSources?: string[];
  /** Event categories the query selects (EQL `process where`), lower-cased, `any` excluded. */
  categories?: string[];
  /**
   * Template calls the query makes and leaves for its caller to read, in query order, arguments as written
   * (SQL `{{ new_unique_values(table, entity, value, window) }}`): what they mean is the vendor's.
   */
  templates?: { name: string; args: string[] }[];
  /** The time the query looks back over, as written (SQL `p_occurs_since('14 day')`, a bound relative to now). */
  lookBack?: string;
  /** What the code says alerts are grouped by (Python: the event field its `dedup` / `title` function returns). */
  groupKey?: string;
  /** Set when nothing is extracted because the query holds for every event (a Python entry that always alerts). */
  everyEvent?: true;
  /**
   * Status none, when the language has no reason of its own: why nothing was extracted ("rule never matches"), which
   * is then the one reason. A caller adding reasons of its own leaves it out (see formats/panther/rule-logic.ts).
   */
  why?: string;
}

/** What every context may say: the file the query is in, named in diagnostics ("<query>" when absent). */
interface Located {
  file?: string;
}

/** What each language may be told beyond the query text. Every field is optional. */
export interface LanguageContext {
  kuery: Located;
  lucene: Located;
  /** `categoryField`: the field `<category> where` tests (Elastic's event_category_override); event.category by default. */
  eql: Located & { categoryField?: string };
  esql: Located;
  kql: Located;
  /** Macros to expand (none by default: a macro call is then an unknown macro). */
  spl: Located & { macros?: MacroTable };
  /** `windowFunctions`: calls that only bound the time window (Panther p_occurs_since); none by default. */
  sql: Located & { windowFunctions?: string[] };
  yaral: Located;
  mql: Located;
  /**
   * `library`: helper modules and data models the code imports (empty by default: calls into them are unknown);
   * `logTypes`: the log types the rule reads (for data-model names); `entry`: the function to follow (`rule` by default);
   * `mocks`: names of the rule's module replaced by a MagicMock returning the value, as a unit test's Mocks do.
   */
  python: Located & { library?: Library; logTypes?: string[]; entry?: EntryPoint; mocks?: Mocks };
  /**
   * `document`: a rule document already loaded from its file (a file may hold several): it is read instead of the
   * text's first document, and its positions are those of its file.
   */
  sigma: Located & { document?: SigmaDocument };
}

export interface Language<C> {
  id: QueryLanguage;
  /** File extension of a query in this language (golden files under tests/golden/<id>/). */
  extension: string;
  /** Query text → the shared result. Syntax problems come back as reasons and diagnostics, not exceptions. */
  extract(text: string, context?: C): LanguageLogic;
}

const QUERY = '<query>';

/** A language that hands back the tree as one condition (or stages) plus offset-placed syntax problems. */
interface ConditionParts {
  condition?: Condition;
  stages?: Stage[];
  correlation?: Correlation;
  reasons: string[];
  outputFields?: string[];
  diagnostics: Diagnostic[];
  sources?: string[];
  categories?: string[];
}

function fromCondition(parts: ConditionParts): LanguageLogic {
  const extra = {
    outputFields: parts.outputFields ?? [],
    diagnostics: parts.diagnostics,
    ...(parts.sources?.length && { sources: parts.sources }),
    ...(parts.categories?.length && { categories: parts.categories }),
  };
  return correlatedLogic(parts.condition, parts.reasons, extra, parts.correlation, parts.stages);
}

/** Syntax problems placed by character offset, as errors at their line and column in the query. */
function problemDiagnostics(text: string, problems: SyntaxProblem[], file = QUERY, code = 'query-syntax'): Diagnostic[] {
  return problems.map((p) => {
    const at = lineColumn(text, Math.min(p.offset, text.length));
    return error(file, code, p.message, at.line, at.column);
  });
}

function simpleQuery(text: string, logic: QueryLogic, file: string | undefined): LanguageLogic {
  return fromCondition({ condition: logic.condition, reasons: logic.reasons, diagnostics: problemDiagnostics(text, logic.problems, file) });
}

/** Stages of a SQL query are kept even when no correlation ties them (correlatedLogic would keep only a condition). */
function sqlLogic(text: string, context: LanguageContext['sql'] = {}): LanguageLogic {
  const sql = extractSql(text, context.file ?? QUERY, { windowFunctions: context.windowFunctions });
  const extra = {
    outputFields: sql.outputFields,
    diagnostics: sql.diagnostics,
    ...(sql.tables.length && { sources: sql.tables }),
    ...(sql.templates.length && { templates: sql.templates.map(({ name, args }) => ({ name, args })) }),
    ...(sql.lookBack && { lookBack: sql.lookBack }),
  };
  if (!sql.stages) return correlatedLogic(sql.conjuncts.length ? { type: 'and', children: sql.conjuncts } : undefined, sql.reasons, extra, sql.correlation);
  const reasons = uniq(sql.reasons);
  return { status: reasons.length ? 'partial' : 'full', conjuncts: [], reasons, ...extra, stages: sql.stages, ...(sql.correlation && { correlation: sql.correlation }) };
}

/** The empty Python library: no helper module, no data model. */
const NO_LIBRARY: Library = { helper: () => undefined, udm: () => undefined, dataModelModule: () => undefined, modules: new Map() };

function pythonLogic(text: string, context: LanguageContext['python'] = {}): LanguageLogic {
  const library = context.library ?? { ...NO_LIBRARY, modules: new Map() };
  const py = extractPython(text, context.file ?? QUERY, library, context.logTypes ?? [], context.entry, context.mocks);
  const extra = { outputFields: py.outputFields, diagnostics: py.diagnostics };
  const found = { ...(py.dedupKey && { groupKey: py.dedupKey }), ...(py.everyEvent && { everyEvent: py.everyEvent }) };
  if (!py.condition) {
    const why = py.noneReason ?? py.reasons[0] ?? 'no filter conditions found';
    if (!py.reasons.length) return { ...noLogic(why, extra), ...found, why };
    return { ...noLogic(why, { ...extra, reasons: py.reasons }), ...found };
  }
  return { ...logicFrom(py.condition, py.reasons, extra), ...found };
}

/** The first rule of a YARA-L text; syntax errors stay diagnostics, other rules are left out with a warning. */
function yaralLogic(text: string, context: LanguageContext['yaral'] = {}): LanguageLogic {
  const file = context.file ?? QUERY;
  const parsed = parseYaral(text);
  const problems = problemDiagnostics(text, parsed.problems, file, 'yaral-syntax');
  const [rule, ...others] = parsed.rules;
  if (!rule) return noLogic(`YARA-L syntax error: ${parsed.problems[0]?.message ?? 'no rule'}`, { diagnostics: problems });
  const logic = extractYaralLogic(rule, file);
  const skipped = others.length ? [warning(file, 'yaral-rules', `${others.length} more rule(s) after ${rule.name}: only the first is read`)] : [];
  return { ...logic, diagnostics: [...logic.diagnostics, ...problems, ...skipped] };
}

/** The first rule document of a Sigma text. Correlation rules name other rules: their logic needs the catalog. */
function sigmaLogic(text: string, context: LanguageContext['sigma'] = {}): LanguageLogic {
  if (context.document) return documentLogic(context.document, []);
  const loaded = loadSigmaFile(context.file ?? QUERY, text);
  if (loaded.fatal) return noLogic(`Sigma file not read: ${loaded.fatal.message}`, { diagnostics: [...loaded.diagnostics, loaded.fatal] });
  const doc = loaded.documents[0];
  if (!doc) return noLogic('no rule document', { diagnostics: loaded.diagnostics });
  return documentLogic(doc, loaded.diagnostics);
}

function documentLogic(doc: SigmaDocument, loading: Diagnostic[]): LanguageLogic {
  if (doc.data.correlation !== undefined) return noLogic('correlation rule: its stages are other rules', { diagnostics: loading });
  const logic = extractRuleLogic(doc);
  return loading.length ? { ...logic, diagnostics: [...loading, ...logic.diagnostics] } : logic;
}

export const LANGUAGES: { [K in QueryLanguage]: Language<LanguageContext[K]> } = {
  kuery: { id: 'kuery', extension: 'kuery', extract: (text, context) => simpleQuery(text, kueryLogic(text), context?.file) },
  lucene: { id: 'lucene', extension: 'lucene', extract: (text, context) => simpleQuery(text, luceneLogic(text), context?.file) },
  eql: {
    id: 'eql',
    extension: 'eql',
    extract: (text, context) => {
      const eql = eqlLogic(text, context?.categoryField);
      const diagnostics = problemDiagnostics(text, eql.problems, context?.file);
      return fromCondition({ ...eql, diagnostics });
    },
  },
  esql: {
    id: 'esql',
    extension: 'esql',
    extract: (text, context) => {
      const esql = esqlLogic(text);
      return fromCondition({ ...esql, diagnostics: problemDiagnostics(text, esql.problems, context?.file) });
    },
  },
  kql: {
    id: 'kql',
    extension: 'kql',
    extract: (text, context) => {
      const kql = analyzeKql(text);
      const diagnostics = kql.errors.map((e) => warning(context?.file ?? QUERY, 'kql-syntax', e.message, e.line, e.column));
      if (kql.failure) return noLogic(`KQL not parsed: ${kql.failure}`, { diagnostics });
      const sources = uniq([...kql.tables, ...(kql.joinedTables ?? [])]);
      const logic = fromCondition({ ...kql, diagnostics, sources });
      return kql.joinedTables?.length ? { ...logic, joinedSources: kql.joinedTables } : logic;
    },
  },
  spl: {
    id: 'spl',
    extension: 'spl',
    extract: (text, context = {}) => {
      const { file = QUERY, macros = new Map() } = context;
      const spl = extractSpl(text, macros, { file, locate: (offset: number) => lineColumn(text, offset) });
      return spl.datamodels.length ? { ...spl.logic, sources: spl.datamodels } : spl.logic;
    },
  },
  sql: { id: 'sql', extension: 'sql', extract: sqlLogic },
  yaral: { id: 'yaral', extension: 'yaral', extract: yaralLogic },
  mql: { id: 'mql', extension: 'mql', extract: (text, context = {}) => extractMqlLogic(text, { file: context.file ?? QUERY }) },
  python: { id: 'python', extension: 'py', extract: pythonLogic },
  sigma: { id: 'sigma', extension: 'yml', extract: sigmaLogic },
};
