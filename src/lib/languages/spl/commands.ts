/** What each SPL command does to the filter, the fields and the output fields. */
import { leaf } from '../../logic/tree.ts';
import type { SyntaxProblem } from '../parsing/cursor.ts';
import { evalSteps } from './computation.ts';
import { evalFields, evalFunctions, evalToExpr, evalUnread, parseEval } from './eval-expr.ts';
import { exprAnd, exprOr, TRUE, type Expr } from './expr.ts';
import { aggregateNames, fieldList, keywordIndex, leadingOptions, namedGroups, optionValue, splitCommands, type Command } from './pipeline.ts';
import { parseSearchTerms } from './search-terms.ts';
import { withoutLookupSubsearches } from './subsearch.ts';
import type { PipelineState } from './state.ts';
import { isKeyword, tokensText, type Token } from './tokens.ts';

type Handler = (cmd: Command, state: PipelineState, problems: SyntaxProblem[]) => void;

/** Commands that neither filter events nor create fields a later filter could read. */
const NEUTRAL = new Set([
  'convert', 'fillnull', 'dedup', 'sort', 'head', 'tail', 'reverse', 'makemv', 'mvexpand', 'nomv',
  'xmlkv', 'kvform', 'extract', 'fromjson', 'addinfo', 'collect', 'outputlookup', 'sendalert', 'typer', 'tags',
  'localize', 'accum', 'delta', 'format', 'return', 'makeresults', 'sichart', 'sitimechart',
  'multikv', 'replace', 'rangemap', 'autoregress', 'abstract', 'highlight', 'iconify', 'sendemail', 'noop',
]);

/** Commands that bring in other data or run logic no filter expresses: partial, with the name as reason. */
const PARTIAL = new Set([
  'appendcols', 'appendpipe', 'union', 'multisearch', 'map', 'set', 'foreach', 'rest', 'metadata',
  'anomalydetection', 'anomalies', 'outlier', 'cluster', 'kmeans', 'fit', 'apply', 'predict', 'trendline', 'selfjoin',
  'associate', 'correlate', 'contingency', 'summary', 'geostats', 'xyseries', 'untable', 'loadjob', 'savedsearch',
]);

const GENERATING_OPTIONS = new Set(['summariesonly', 'allow_old_summaries', 'prestats', 'local', 'append', 'chunk_size', 'fillnull_value', 'include_reduced_buckets']);

function filterBySearch(all: Token[], state: PipelineState, problems: SyntaxProblem[], rewrite: (e: Expr) => Expr = (e) => e): Expr {
  const tokens = withoutLookupSubsearches(all, state);
  const parsed = parseSearchTerms(tokens, { locate: state.locate });
  problems.push(...parsed.problems);
  const expr = rewrite(parsed.expr);
  state.filter(expr, tokensText(tokens));
  return expr;
}

/** CIM datasets whose constraint is one field value (the CIM Authentication model's action). */
const DATASET_CONSTRAINTS: Record<string, [string, string]> = {
  'authentication.failed_authentication': ['Authentication.action', 'failure'],
  'authentication.successful_authentication': ['Authentication.action', 'success'],
};

/**
 * tstats `nodename=DNS` picks the data model's dataset the rows come from: no event field, so no leaf,
 * except the constraint of a dataset that is one field value.
 */
function withoutNodename(e: Expr): Expr {
  switch (e.t) {
    case 'leaf': {
      if (e.leaf.field.toLowerCase() !== 'nodename' || e.leaf.kind !== 'eq') return e;
      const constraint = DATASET_CONSTRAINTS[String(e.leaf.values[0]).toLowerCase()];
      return constraint ? { t: 'leaf', leaf: leaf(constraint[0], 'eq', [constraint[1]], e.leaf.loc ? { loc: e.leaf.loc } : {}) } : TRUE;
    }
    case 'not': {
      const item = withoutNodename(e.item);
      // Rows outside a dataset: no leaf says that.
      return item.t === 'true' ? { t: 'unsupported', reason: 'unsupported expression: NOT nodename', fields: [] } : { t: 'not', item };
    }
    case 'and':
      return exprAnd(e.items.map(withoutNodename));
    case 'or':
      return exprOr(e.items.map(withoutNodename));
    default:
      return e;
  }
}

const search: Handler = (cmd, state, problems) => {
  filterBySearch(cmd.args, state, problems);
};

const where: Handler = (cmd, state, problems) => {
  const { node, problems: found } = parseEval(cmd.args);
  problems.push(...found);
  state.filter(evalToExpr(node, state.locate), tokensText(cmd.args));
};

/** `regex field="re"`, `regex field!="re"`, `regex "re"` (on _raw). */
const regex: Handler = (cmd, state) => {
  const [a, op, b] = cmd.args;
  const loc = a && state.locate?.(a.offset);
  const at = loc ? { loc } : {};
  if (a?.type === 'word' && op?.type === 'op' && b) {
    const l = leaf(a.value, 'regex', [b.value], { caseSensitive: true, ...at });
    state.filter(op.value === '!=' ? { t: 'not', item: { t: 'leaf', leaf: l } } : { t: 'leaf', leaf: l });
  } else if (a) state.filter({ t: 'leaf', leaf: leaf('_raw', 'regex', [a.value], { caseSensitive: true, ...at }) });
};

/** tstats / mstats: options, aggregations, `from datamodel=X.Y`, `where <search terms>`, `by fields`. */
const tstats: Handler = (cmd, state, problems) => {
  const args = cmd.args;
  let i = 0;
  while (args[i]?.type === 'word' && args[i + 1]?.value === '=' && GENERATING_OPTIONS.has(args[i].value.toLowerCase())) i += 3;
  const fromAt = keywordIndex(args, 'FROM', i);
  const whereAt = keywordIndex(args, 'WHERE', i);
  const byAt = keywordIndex(args, 'BY', whereAt >= 0 ? whereAt : i);
  const aggEnd = [fromAt, whereAt, byAt].filter((x) => x >= 0).sort((x, y) => x - y)[0] ?? args.length;
  const aggregates = aggregateNames(args.slice(i, aggEnd));
  if (fromAt >= 0) {
    const src = args.slice(fromAt + 1, [whereAt, byAt].filter((x) => x > fromAt).sort((x, y) => x - y)[0] ?? args.length);
    const dm = src[0]?.value.toLowerCase() === 'datamodel' && src[1]?.value === '=' ? src[2]?.value : src[0]?.value.replace(/^datamodel:/i, '');
    if (dm) state.datamodels.push(dm);
  }
  if (whereAt >= 0) {
    const end = byAt > whereAt ? byAt : args.length;
    filterBySearch(args.slice(whereAt + 1, end), state, problems, withoutNodename);
  }
  state.aggregate(cmd.name, byAt >= 0 ? fieldList(args.slice(byAt + 1)) : [], aggregates, optionValue(args, 'span'));
};

/** stats-like commands: aggregations, then `by` fields (chart also groups `over` a field). */
const stats: Handler = (cmd, state) => {
  const { rest } = leadingOptions(cmd.args);
  const args = cmd.args.slice(rest);
  const byAt = keywordIndex(args, 'BY');
  const overAt = keywordIndex(args, 'OVER');
  const aggEnd = [byAt, overAt].filter((x) => x >= 0).sort((x, y) => x - y)[0] ?? args.length;
  const by = [
    ...(overAt >= 0 ? fieldList(args.slice(overAt + 1, byAt > overAt ? byAt : args.length)) : []),
    ...(byAt >= 0 ? fieldList(args.slice(byAt + 1, overAt > byAt ? overAt : args.length)) : []),
  ];
  const window = optionValue(cmd.args, 'span') ?? optionValue(cmd.args, 'time_window');
  state.aggregate(cmd.name, cmd.name === 'timechart' ? ['_time', ...by] : by, aggregateNames(args.slice(0, aggEnd)), window);
};

/** `bin _time span=1h`: the window of the next aggregation by _time. */
const bin: Handler = (cmd, state) => {
  const span = optionValue(cmd.args, 'span');
  if (span && fieldList(cmd.args).includes('_time')) state.pendingWindow = span;
};

/** top/rare: the listed fields, optionally `by` more fields; only the `limit` most / least common values go on. */
const top: Handler = (cmd, state) => {
  const { options, rest } = leadingOptions(cmd.args);
  // `top 20 user` is `top limit=20 user`.
  const count = /^\d+$/.test(cmd.args[rest]?.value ?? '') && cmd.args[rest].type === 'word' ? cmd.args[rest].value : undefined;
  const limit = Number(options.get('limit') ?? count ?? 10);
  if (limit > 0) state.reason(`${cmd.name}: the ${limit} ${cmd.name === 'top' ? 'most' : 'least'} common values`);
  const args = cmd.args.slice(rest + (count ? 1 : 0));
  state.aggregate(cmd.name, fieldList(args).filter((f) => f.toLowerCase() !== 'by'), new Map([['count', 'count'], ['percent', 'percent']]));
};

/** Options that choose which events open or close a transaction: no filter on single events says that. */
const TRANSACTION_BOUNDS = ['startswith', 'endswith'];

/** `transaction fields maxspan=...`: events grouped per field values, like stats by; its bounds stay a reason. */
const transaction: Handler = (cmd, state) => {
  for (const bound of TRANSACTION_BOUNDS) {
    const value = optionValue(cmd.args, bound);
    if (value) state.reason(`transaction ${bound}=${value}`);
  }
  const fields = fieldList(cmd.args);
  const functions = new Map([['eventcount', 'count'], ['duration', 'duration']]);
  state.aggregate('transaction', fields, functions, optionValue(cmd.args, 'maxspan'));
};

/** `eval a=expr, b=expr`: a and b are computed from here on; `a=if(cond, x, y)` is remembered as a flag. */
const evalCommand: Handler = (cmd, state) => {
  for (const part of splitTopLevel(cmd.args)) {
    const [target, op] = part;
    if (!target || (target.type !== 'word' && target.type !== 'field') || op?.value !== '=') continue;
    const { node } = parseEval(part.slice(2));
    const text = tokensText(part.slice(2));
    const [condition, whenTrue, whenFalse] = node.k === 'call' && node.name === 'if' ? node.args : [];
    const steps = evalSteps(node);
    const computation = { reads: evalFields(node), functions: evalFunctions(node), text, ...(evalUnread(node) && { unread: true }), ...(steps?.steps.length && { steps }) };
    if (condition && whenTrue?.k === 'lit' && whenFalse?.k === 'lit') {
      state.defineFlag(target.value, evalToExpr(condition, state.locate), whenTrue.value, whenFalse.value, computation);
    } else if (node.k === 'field') state.copy(node.name, target.value);
    else if (node.k === 'lit' && node.value !== null) state.constant(target.value, node.value, text);
    else state.computedFrom(target.value, computation);
  }
};

/** Splits arguments at commas outside parentheses. */
function splitTopLevel(tokens: Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.type === 'lparen') depth++;
    if (t.type === 'rparen') depth--;
    if (t.type === 'comma' && depth === 0) parts.push([]);
    else parts[parts.length - 1].push(t);
  }
  return parts;
}

/** True when the evaluator can run the pattern as a capture (PCRE-only syntax such as `(?i)` cannot). */
function runnable(pattern: string): boolean {
  try {
    new RegExp(pattern.replace(/\(\?P</g, '(?<'));
    return true;
  } catch {
    return false;
  }
}

/** Options as written: `field=msg`, `max_match=0`. */
function optionsText(options: Map<string, string>): string[] {
  return [...options].map(([k, v]) => `${k}=${v}`);
}

/**
 * `rex [field=f] "(?<name>...)"`: each named group is a column computed from f (the event text by default), written
 * as the rex is; a single match is a capture the evaluator can run. `mode=sed` rewrites f in place.
 */
const rex: Handler = (cmd, state) => {
  const { options, rest } = leadingOptions(cmd.args);
  const pattern = cmd.args.slice(rest).find((t) => t.type === 'string');
  const field = options.get('field') ?? '_raw';
  if (options.get('mode') === 'sed') state.computed([field], 'rex');
  else if (pattern) {
    const groups = namedGroups(pattern.value);
    const written = ['rex', ...optionsText(options), pattern.raw].join(' ');
    // max_match=N keeps several matches, offset_field adds a column: no single capture says those.
    const single = ([...options.keys()].every((o) => o === 'field') || options.get('max_match') === '1') && runnable(pattern.value);
    for (const group of groups) {
      const steps = single ? { field, steps: [{ fn: 'capture' as const, args: [pattern.value, group] }] } : undefined;
      state.computedFrom(group, { text: groups.length > 1 ? `${written} → ${group}` : written, reads: [field], functions: ['rex'], ...(steps && { steps }) }, 'rex');
    }
  }
};

/**
 * `lookup table in AS event_field OUTPUT a AS b, c`: the outputs are computed. A lookup only adds fields; a later
 * filter on them matches the events against the table (the rule's indicator match).
 */
const lookup: Handler = (cmd, state) => {
  const { rest } = leadingOptions(cmd.args);
  const table = cmd.args[rest]?.value ?? '?';
  const outAt = Math.max(keywordIndex(cmd.args, 'OUTPUT'), keywordIndex(cmd.args, 'OUTPUTNEW'));
  const named = (tokens: Token[]) => tokens.filter((t, i) => (t.type === 'word' || t.type === 'string' || t.type === 'field') && !isKeyword(t, 'AS', true) && !isKeyword(tokens[i + 1], 'AS', true));
  const inputs = named(cmd.args.slice(rest + 1, outAt < 0 ? undefined : outAt)).map((t) => t.value);
  const outputs = outAt < 0 ? [] : named(cmd.args.slice(outAt + 1)).map((t) => t.value);
  state.lookups.push({ table, inputs, outputs, conditions: [] });
  state.computed(outputs, 'lookup');
};

/** `| inputlookup table`: the rows are a table's, not events. */
const inputlookup: Handler = (cmd, state) => {
  const { rest } = leadingOptions(cmd.args);
  state.reason(`${cmd.name}: ${cmd.args[rest]?.value ?? '?'}`);
};

const rename: Handler = (cmd, state) => {
  const args = cmd.args.filter((t) => t.type !== 'comma');
  for (let i = 0; i + 2 < args.length; i += 3) {
    if (!isKeyword(args[i + 1], 'AS', true) || !args[i + 2]) break;
    state.rename(args[i].value, args[i + 2].value);
  }
};

const table: Handler = (cmd, state) => {
  state.setOutputs(fieldList(cmd.args));
};

const fields: Handler = (cmd, state) => {
  const first = cmd.args[0];
  if (first?.type === 'word' && first.value === '-') {
    const removed = new Set(fieldList(cmd.args.slice(1)));
    state.setOutputs(state.outputs.filter((f) => !removed.has(f)));
  } else state.setOutputs(fieldList(first?.value === '+' ? cmd.args.slice(1) : cmd.args));
};

/**
 * `spath [input=f] path=p output=o`: o names the JSON path p of the event (or of field f); over a computed f
 * (a rex column, an eval), o is computed: the spath as written over f's computation.
 */
const spath: Handler = (cmd, state) => {
  const { options } = leadingOptions(cmd.args);
  const output = options.get('output');
  if (!output) return;
  const path = options.get('path');
  const input = options.get('input');
  const base = input ? state.origin(input) : { raw: '' };
  if (path && 'raw' in base) state.alias(output, base.raw ? `${base.raw}.${path}` : path);
  else if (path && input) state.computedFrom(output, { text: `spath input=${input} path=${path}`, reads: [input], functions: ['spath'] }, 'spath');
  else state.computed([output], 'spath');
};

/** Columns iplocation adds (allfields=true adds Continent, MetroCode and Timezone). */
const IPLOCATION_COLUMNS = ['City', 'Country', 'Region', 'lat', 'lon'];
const IPLOCATION_ALL = ['Continent', 'MetroCode', 'Timezone'];

/** `iplocation [prefix=p] [allfields=true] ip`: geolocation columns computed from the IP field, named by what computes them. */
const iplocation: Handler = (cmd, state) => {
  const { options, rest } = leadingOptions(cmd.args);
  const ip = cmd.args[rest];
  const all = /^(true|t|1)$/i.test(options.get('allfields') ?? '');
  const columns = [...IPLOCATION_COLUMNS, ...(all ? IPLOCATION_ALL : [])];
  const prefix = options.get('prefix') ?? '';
  const written = ['iplocation', ...optionsText(options), ip?.raw].join(' ');
  for (const column of columns) {
    if (ip) state.computedFrom(`${prefix}${column}`, { text: `${written} → ${column}`, reads: [ip.value], functions: ['iplocation'] }, 'iplocation');
    else state.computed([`${prefix}${column}`], 'iplocation');
  }
};

const addtotals: Handler = (cmd, state) => {
  state.computed([leadingOptions(cmd.args).options.get('fieldname') ?? 'Total'], 'addtotals');
};

const strcat: Handler = (cmd, state) => {
  const target = cmd.args.at(-1);
  if (target) state.computed([target.value], 'strcat');
};

/** `from datamodel:X.Y` / `datamodel X Y search`: where the events come from, not a filter. */
const fromDatamodel: Handler = (cmd, state) => {
  const words = cmd.args.map((t) => t.value);
  if (words[0]?.toLowerCase().startsWith('datamodel')) {
    const rest = words[0].includes(':') ? words[0].split(':')[1] : words[1];
    if (rest) state.datamodels.push(rest);
  } else if (cmd.name === 'datamodel' && words[0]) state.datamodels.push(words.slice(0, 2).join('.'));
  else state.reason(`${cmd.name}: ${words.join(' ')}`);
};

/** Runs the [subsearch] of a command in a state of its own; undefined when the command has none. */
function runSubsearch(cmd: Command, state: PipelineState, problems: SyntaxProblem[]): PipelineState | undefined {
  const open = cmd.args.findIndex((t) => t.type === 'lbracket');
  if (open < 0) return undefined;
  const sub = state.subsearch();
  const close = cmd.args.findLastIndex((t) => t.type === 'rbracket');
  const inner = cmd.args.slice(open + 1, close > open ? close : undefined);
  // A subsearch may open with a generating command without its pipe: [summary model], [inputlookup t].
  const first = inner[0];
  const opensWithCommand = first?.type === 'word' && first.value.toLowerCase() !== 'search' && isCommandName(first.value.toLowerCase());
  const tokens = opensWithCommand ? [{ ...first, type: 'pipe' as const, raw: '|', value: '|' }, ...inner] : inner;
  for (const c of splitCommands(tokens)) runCommand(c, sub, problems);
  return sub;
}

/** `join [type=inner] [max=0] fields [subsearch]`: the subsearch is a stage, joined on the fields. */
const join: Handler = (cmd, state, problems) => {
  const { options, rest } = leadingOptions(cmd.args);
  const type = options.get('type')?.toLowerCase() ?? 'inner';
  const open = cmd.args.findIndex((t) => t.type === 'lbracket');
  const keys = fieldList(cmd.args.slice(rest, open < 0 ? undefined : open));
  const sub = runSubsearch(cmd, state, problems);
  if (sub) state.join(sub, type, keys);
  else state.reason('join without a subsearch');
};

/** `append [subsearch]`: the subsearch's rows join the stream, so a row passed either filter. */
const append: Handler = (cmd, state, problems) => {
  state.reason('append');
  const sub = runSubsearch(cmd, state, problems);
  if (sub) state.append(sub);
};

export const HANDLERS: Record<string, Handler> = {
  search,
  where,
  regex,
  tstats,
  mstats: tstats,
  stats,
  chart: stats,
  timechart: stats,
  eventstats: stats,
  streamstats: stats,
  sistats: stats,
  top,
  rare: top,
  transaction,
  eval: evalCommand,
  bin,
  bucket: bin,
  rex,
  lookup,
  inputlookup,
  rename,
  table,
  fields,
  spath,
  iplocation,
  strcat,
  addtotals,
  from: fromDatamodel,
  join,
  append,
  datamodel: fromDatamodel,
};

const GENERATING = new Set(['summary', 'makeresults', 'rest', 'metadata', 'inputlookup', 'tstats', 'mstats', 'datamodel', 'from', 'loadjob']);

function isCommandName(name: string): boolean {
  return name in HANDLERS || PARTIAL.has(name) || NEUTRAL.has(name) || GENERATING.has(name);
}

export function runCommand(cmd: Command, state: PipelineState, problems: SyntaxProblem[]): void {
  const handler = HANDLERS[cmd.name];
  if (handler) handler(cmd, state, problems);
  else if (!NEUTRAL.has(cmd.name)) {
    state.reason(PARTIAL.has(cmd.name) ? cmd.name : `unsupported command: ${cmd.name}`);
    // A command we do not follow (foreach, map...) may rewrite computed fields: their computations no longer hold.
    state.forgetComputations();
  }
}
