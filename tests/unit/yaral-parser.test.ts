import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/lib/languages/yaral/lexer.ts';
import { parseYaral } from '../../src/lib/languages/yaral/parser.ts';

const types = (text: string) => tokenize(text).tokens.map((t) => `${t.type}:${t.value}`);

describe('YARA-L tokenizer', () => {
  it('reads variables, counts, reference lists, strings, raw strings and durations', () => {
    expect(types('$e.a = "x\\\\y\\"" `a\\b` #e %list 5m 10')).toEqual([
      'variable:e', 'punct:.', 'ident:a', 'op:=', 'string:x\\y"', 'rawstring:a\\b', 'count:e', 'reflist:list', 'duration:5m', 'number:10', 'eof:',
    ]);
  });

  it('tells a regex literal from a division and skips comments', () => {
    expect(types('$e.a = /a\\/b/ nocase // note\n $x / $y /* block */')).toEqual([
      'variable:e', 'punct:.', 'ident:a', 'op:=', 'regex:a\\/b', 'ident:nocase', 'variable:x', 'op:/', 'variable:y', 'eof:',
    ]);
  });

  it('reports an unterminated string at its offset, and ends the tokens there', () => {
    const lexed = tokenize('rule x {\n meta:\n  a = "open\n');
    expect(lexed.error).toEqual({ offset: 22, message: 'unterminated string' });
    expect(lexed.tokens.at(-1)).toMatchObject({ type: 'eof', offset: 22, line: 3, column: 7 });
  });
});

describe('YARA-L parser', () => {
  const rule = `
rule demo {
  meta:
    author = "A"
    score = 5
    enabled = true
  events:
    $e.metadata.event_type = "USER_LOGIN"
    $e.about.labels["k"] = "v" nocase
    $e.security_result[0].action != "BLOCK"
    $user = $e.target.user.userid
  match:
    $user over 1h
  outcome:
    $risk_score = max(if($e.a = "x", 10, 5))
    $ips = array_distinct($e.principal.ip)
  condition:
    #e > 2 and $risk_score > 5
  options:
    allow_zero_values = true
}`;

  it('parses every section', () => {
    const { rules, problems } = parseYaral(rule);
    expect(problems).toEqual([]);
    const r = rules[0];
    expect(r.name).toBe('demo');
    expect(r.meta.map((m) => [m.key, m.value])).toEqual([['author', 'A'], ['score', 5], ['enabled', true]]);
    expect(r.events).toHaveLength(4);
    expect(r.events[1]).toMatchObject({ type: 'compare', op: '=', nocase: true, left: { type: 'field', variable: 'e', path: 'about.labels["k"]' } });
    expect(r.events[2]).toMatchObject({ left: { path: 'security_result[0].action' }, op: '!=' });
    expect(r.events[3]).toMatchObject({ left: { type: 'placeholder', name: 'user' }, right: { type: 'field' } });
    expect(r.match).toMatchObject({ variables: ['user'], window: '1h', text: '$user over 1h' });
    expect(r.outcome.map((o) => o.name)).toEqual(['risk_score', 'ips']);
    expect(r.condition).toMatchObject({ type: 'and', children: [{ type: 'compare', left: { type: 'count', name: 'e' } }, { type: 'compare' }] });
    expect(r.options).toEqual([{ key: 'allow_zero_values', value: true, pos: expect.anything() }]);
  });

  it('binds not tighter than and, and tighter than or; statements on separate lines are joined', () => {
    const { rules } = parseYaral('rule x { events: not $e.a = "1" and $e.b = "2" or $e.c = "3"\n $e.d = "4" condition: $e }');
    expect(rules[0].events).toHaveLength(2);
    expect(rules[0].events[0]).toMatchObject({ type: 'or', children: [{ type: 'and', children: [{ type: 'not' }, { type: 'compare' }] }, { type: 'compare' }] });
  });

  it('parses function calls with nocase, in %list with modes, quantifiers and arithmetic', () => {
    const { rules, problems } = parseYaral(`rule x { events:
      re.regex($e.a, \`x\`) nocase
      $e.b IN regex %hacktools nocase
      any $e.c = "y"
      $e.t.seconds - $f.t.seconds > 300
      condition: $e and $f }`);
    expect(problems).toEqual([]);
    expect(rules[0].events.map((e) => e.type)).toEqual(['call', 'in', 'quantified', 'compare']);
    expect(rules[0].events[0]).toMatchObject({ name: 're.regex', nocase: true });
    expect(rules[0].events[1]).toMatchObject({ list: 'hacktools', mode: 'regex', nocase: true });
    expect(rules[0].events[3]).toMatchObject({ op: '>', left: { type: 'arith', op: '-' } });
  });

  it('reads several rules from one file', () => {
    const { rules } = parseYaral('rule a { events: $e.x = 1 condition: $e }\nrule b { events: $e.x = 2 condition: $e }');
    expect(rules.map((r) => r.name)).toEqual(['a', 'b']);
  });

  it('returns the offset of a syntax error instead of throwing', () => {
    const text = 'rule x {\n  events:\n    $e.a = "1" or\n  condition:\n    $e\n}';
    const { rules, problems } = parseYaral(text);
    expect(rules).toEqual([]);
    expect(problems).toEqual([{ offset: text.indexOf('condition'), message: 'expected a value, field or function call (found "condition")' }]);
  });

  it('requires events and condition sections', () => {
    expect(parseYaral('rule x { meta: a = "b" }').problems[0].message).toContain('no events');
    expect(parseYaral('').problems[0].message).toContain('expected "rule');
  });

  it('reads the rules after a broken one, and reports the broken one where its mistake is', () => {
    const text = [
      'rule a { events: $e.x = 1 condition: $e }',
      'rule b { events: $e.x = condition: $e }',
      'rule c { events: $e.x = 3 condition: $e',
      'rule d { events: $e.x = 4 condition: $e }',
    ].join('\n');
    const { rules, problems } = parseYaral(text);
    expect(rules.map((r) => r.name)).toEqual(['a', 'd']);
    expect(problems).toEqual([
      { offset: text.indexOf('condition: $e }\nrule c'), message: 'expected a value, field or function call (found "condition")' },
      { offset: text.indexOf('rule d'), message: 'unexpected text after the condition (found "rule")' },
    ]);
  });

  it('keeps the rules before a lexical problem and reports it once', () => {
    const text = 'rule a { events: $e.x = 1 condition: $e }\nrule b { events: $e.x = "open\n condition: $e }';
    const { rules, problems } = parseYaral(text);
    expect(rules.map((r) => r.name)).toEqual(['a']);
    expect(problems).toEqual([{ offset: text.indexOf('"open'), message: 'unterminated string' }]);
  });
});
