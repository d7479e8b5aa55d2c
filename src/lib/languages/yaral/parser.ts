/**
 * Parses YARA-L 2.0 files: one or more `rule <name> { ... }` blocks with their sections
 * (meta, events, match, outcome, condition, options). Never throws: problems come back with their offsets. A rule
 * with a syntax error is reported and skipped up to the next `rule <name> {`, so it does not lose the rules after it.
 */
import { catchSyntaxError, ParseError, type SyntaxProblem } from '../parsing/cursor.ts';
import type { MatchSection, MetaEntry, OptionEntry, OutcomeAssignment, YaralRule } from './ast.ts';
import { ExpressionParser } from './expression.ts';
import { tokenize } from './lexer.ts';
import type { SectionName } from './cursor.ts';

export interface YaralParseResult {
  /** The rules read, in order; a rule with a syntax error is left out and its problem is in `problems`. */
  rules: YaralRule[];
  /** One per rule that could not be read (the first mistake in it), offsets in the text. */
  problems: SyntaxProblem[];
}

export function parseYaral(text: string): YaralParseResult {
  const lexed = tokenize(text);
  return new RuleParser(lexed.tokens, text).parseFile(lexed.error);
}

class RuleParser extends ExpressionParser {
  /** The rules of the file. The tokens stop at a lexical problem: the rule it is in reports that problem. */
  parseFile(lexical: SyntaxProblem | undefined): YaralParseResult {
    const rules: YaralRule[] = [];
    const problems: SyntaxProblem[] = [];
    while (!this.is('eof')) {
      const parsed = catchSyntaxError(() => this.parseRule());
      if (parsed.value) rules.push(parsed.value);
      else {
        problems.push(lexical && this.is('eof') ? lexical : parsed.error);
        this.skipToRuleStart();
      }
    }
    if (lexical && !problems.includes(lexical)) problems.push(lexical);
    if (!rules.length && !problems.length) {
      const empty = this.error('expected "rule <name> {"');
      problems.push({ message: empty.message, offset: empty.offset });
    }
    return { rules, problems };
  }

  private skipToRuleStart(): void {
    while (!this.is('eof') && !this.atRuleStart()) this.next();
  }

  private parseRule(): YaralRule {
    const start = this.expectKeyword('rule');
    if (!this.is('ident')) this.fail('expected the rule name');
    const name = this.next().value;
    this.expectPunct('{');
    const rule: YaralRule = { name, pos: this.posOf(start), start: start.offset, end: start.offset, meta: [], events: [], outcome: [], options: [] };
    const seen = new Set<string>();
    while (!this.isPunct('}')) {
      if (!this.atSection()) this.fail('expected a section (meta:, events:, match:, outcome:, condition:, options:) or "}"');
      const section = this.next().value.toLowerCase() as SectionName;
      if (seen.has(section)) this.fail(`section ${section}: appears twice`);
      seen.add(section);
      this.expectPunct(':');
      switch (section) {
        case 'meta':
          rule.meta = this.parseEntries();
          break;
        case 'options':
          rule.options = this.parseEntries() as OptionEntry[];
          break;
        case 'events':
          while (!this.atSectionEnd()) rule.events.push(this.parseOr());
          break;
        case 'match':
          rule.match = this.parseMatch();
          break;
        case 'outcome':
          rule.outcome = this.parseOutcome();
          break;
        case 'condition':
          rule.condition = this.parseOr();
          if (!this.atSectionEnd()) this.fail('unexpected text after the condition');
          break;
      }
    }
    rule.end = this.next().end;
    if (!seen.has('events')) throw new ParseError(`rule ${name} has no events: section`, start.offset);
    if (!seen.has('condition')) throw new ParseError(`rule ${name} has no condition: section`, start.offset);
    return rule;
  }

  /** `key = "value"` lines of meta: and options:. */
  private parseEntries(): MetaEntry[] {
    const entries: MetaEntry[] = [];
    while (!this.atSectionEnd()) {
      const key = this.tok;
      if (key.type !== 'ident') this.fail('expected a key');
      this.next();
      if (!this.isOp('=')) this.fail(`expected "=" after ${key.value}`);
      this.next();
      const v = this.next();
      let value: string | number | boolean;
      if (v.type === 'string' || v.type === 'rawstring') value = v.value;
      else if (v.type === 'number') value = Number(v.value);
      else if (v.type === 'ident' && /^(true|false)$/i.test(v.value)) value = v.value.toLowerCase() === 'true';
      else this.fail(`expected a value for ${key.value}`, v);
      entries.push({ key: key.value, value, pos: { line: key.line, column: key.column } });
    }
    return entries;
  }

  /** `$user, $host over 1h` (and variants with `before`/`after`): the grouping placeholders and the window. */
  private parseMatch(): MatchSection {
    const first = this.tok;
    const variables: string[] = [];
    let window: string | undefined;
    let sawOver = false;
    let last = first;
    while (!this.atSectionEnd()) {
      const t = this.next();
      last = t;
      if (t.type === 'variable' && !sawOver) variables.push(t.value);
      else if (t.type === 'ident' && t.value.toLowerCase() === 'over') sawOver = true;
      else if (t.type === 'duration' && sawOver && !window) window = t.value;
    }
    if (!variables.length) this.fail('expected match variables', first);
    const textOf = this.text.slice(first.offset, last.end).replace(/\s+/g, ' ');
    return { variables, window, text: textOf, pos: { line: first.line, column: first.column } };
  }

  private parseOutcome(): OutcomeAssignment[] {
    const out: OutcomeAssignment[] = [];
    while (!this.atSectionEnd()) {
      const v = this.tok;
      if (v.type !== 'variable') this.fail('expected an outcome variable ($name)');
      this.next();
      if (!this.isOp('=')) this.fail(`expected "=" after $${v.value}`);
      this.next();
      out.push({ name: v.value, expr: this.parseOr(), pos: { line: v.line, column: v.column } });
    }
    return out;
  }
}
