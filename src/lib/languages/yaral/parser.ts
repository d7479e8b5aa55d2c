/**
 * Parses YARA-L 2.0 files: one or more `rule <name> { ... }` blocks with their sections
 * (meta, events, match, outcome, condition, options). Never throws: problems come back as syntax errors.
 */
import type { MatchSection, MetaEntry, OptionEntry, OutcomeAssignment, YaralRule } from './ast.ts';
import { ExpressionParser } from './expression.ts';
import { tokenize } from './lexer.ts';
import { TokenStream, YaralSyntaxError, type SectionName } from './tokens.ts';

export interface YaralSyntaxProblem {
  message: string;
  line: number;
  column: number;
}

export interface YaralParseResult {
  /** Rules parsed before the first error (all of them when there is none). */
  rules: YaralRule[];
  error?: YaralSyntaxProblem;
}

export function parseYaral(text: string): YaralParseResult {
  const lexed = tokenize(text);
  if (lexed.error) return { rules: [], error: lexed.error };
  const ts = new TokenStream(lexed.tokens);
  const rules: YaralRule[] = [];
  try {
    while (!ts.is('eof')) rules.push(parseRule(ts, text));
    if (rules.length === 0) ts.fail('expected "rule <name> {"');
  } catch (e) {
    if (e instanceof YaralSyntaxError) return { rules, error: { message: e.message, line: e.line, column: e.column } };
    throw e;
  }
  return { rules };
}

function parseRule(ts: TokenStream, text: string): YaralRule {
  const start = ts.expectKeyword('rule');
  if (!ts.is('ident')) ts.fail('expected the rule name');
  const name = ts.next().value;
  ts.expectPunct('{');
  const rule: YaralRule = { name, pos: ts.pos(start), start: start.offset, end: start.offset, meta: [], events: [], outcome: [], options: [] };
  const exprs = new ExpressionParser(ts, text);
  const seen = new Set<string>();
  while (!ts.isPunct('}')) {
    if (!ts.atSection()) ts.fail('expected a section (meta:, events:, match:, outcome:, condition:, options:) or "}"');
    const section = ts.next().value.toLowerCase() as SectionName;
    if (seen.has(section)) ts.fail(`section ${section}: appears twice`);
    seen.add(section);
    ts.expectPunct(':');
    switch (section) {
      case 'meta':
        rule.meta = parseEntries(ts);
        break;
      case 'options':
        rule.options = parseEntries(ts) as OptionEntry[];
        break;
      case 'events':
        while (!ts.atSectionEnd()) rule.events.push(exprs.parseOr());
        break;
      case 'match':
        rule.match = parseMatch(ts, text);
        break;
      case 'outcome':
        rule.outcome = parseOutcome(ts, exprs);
        break;
      case 'condition':
        rule.condition = exprs.parseOr();
        if (!ts.atSectionEnd()) ts.fail('unexpected text after the condition');
        break;
    }
  }
  rule.end = ts.next().end;
  if (!seen.has('events')) throw new YaralSyntaxError(`rule ${name} has no events: section`, start.line, start.column);
  if (!seen.has('condition')) throw new YaralSyntaxError(`rule ${name} has no condition: section`, start.line, start.column);
  return rule;
}

/** `key = "value"` lines of meta: and options:. */
function parseEntries(ts: TokenStream): MetaEntry[] {
  const entries: MetaEntry[] = [];
  while (!ts.atSectionEnd()) {
    const key = ts.peek();
    if (key.type !== 'ident') ts.fail('expected a key');
    ts.next();
    if (!ts.isOp('=')) ts.fail(`expected "=" after ${key.value}`);
    ts.next();
    const v = ts.next();
    let value: string | number | boolean;
    if (v.type === 'string' || v.type === 'rawstring') value = v.value;
    else if (v.type === 'number') value = Number(v.value);
    else if (v.type === 'ident' && /^(true|false)$/i.test(v.value)) value = v.value.toLowerCase() === 'true';
    else ts.fail(`expected a value for ${key.value}`, v);
    entries.push({ key: key.value, value, pos: { line: key.line, column: key.column } });
  }
  return entries;
}

/** `$user, $host over 1h` (and variants with `before`/`after`): the grouping placeholders and the window. */
function parseMatch(ts: TokenStream, text: string): MatchSection {
  const first = ts.peek();
  const variables: string[] = [];
  let window: string | undefined;
  let sawOver = false;
  let last = first;
  while (!ts.atSectionEnd()) {
    const t = ts.next();
    last = t;
    if (t.type === 'variable' && !sawOver) variables.push(t.value);
    else if (t.type === 'ident' && t.value.toLowerCase() === 'over') sawOver = true;
    else if (t.type === 'duration' && sawOver && !window) window = t.value;
  }
  if (!variables.length) ts.fail('expected match variables', first);
  const textOf = text.slice(first.offset, last.end).replace(/\s+/g, ' ');
  return { variables, window, text: textOf, pos: { line: first.line, column: first.column } };
}

function parseOutcome(ts: TokenStream, exprs: ExpressionParser): OutcomeAssignment[] {
  const out: OutcomeAssignment[] = [];
  while (!ts.atSectionEnd()) {
    const v = ts.peek();
    if (v.type !== 'variable') ts.fail('expected an outcome variable ($name)');
    ts.next();
    if (!ts.isOp('=')) ts.fail(`expected "=" after $${v.value}`);
    ts.next();
    out.push({ name: v.value, expr: exprs.parseOr(), pos: { line: v.line, column: v.column } });
  }
  return out;
}
