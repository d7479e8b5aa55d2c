import { describe, expect, it } from 'vitest';
import { parseCondition, tokenizeCondition, type ConditionAst } from '../../src/lib/languages/sigma/condition.ts';

/** The AST without offsets, for comparing by value. */
function shape(ast: ConditionAst | undefined): unknown {
  if (!ast) return undefined;
  switch (ast.type) {
    case 'ref':
      return ast.name;
    case 'of':
      return `${ast.quantifier} of ${ast.target}`;
    case 'not':
      return { not: shape(ast.child) };
    default:
      return { [ast.type]: ast.children.map(shape) };
  }
}

const parse = (text: string) => shape(parseCondition(text).ast);

describe('sigma condition tokenizer', () => {
  it('splits words, parentheses and the aggregation pipe with offsets', () => {
    expect(tokenizeCondition('(sel_a or 1 of f*)|count() > 3').map((t) => `${t.type}:${t.value}@${t.offset}`)).toEqual([
      'lparen:(@0',
      'ident:sel_a@1',
      'or:or@7',
      'number:1@10',
      'of:of@12',
      'ident:f*@15',
      'rparen:)@17',
      'pipe:|@18',
      'ident:count@19',
      'lparen:(@24',
      'rparen:)@25',
      'ident:>@27',
      'number:3@29',
      'eof:@30',
    ]);
  });
  it('reads keywords case-insensitively', () => {
    expect(tokenizeCondition('A AND NOT b Or c').map((t) => t.type)).toEqual(['ident', 'and', 'not', 'ident', 'or', 'ident', 'eof']);
  });
});

describe('sigma condition parser', () => {
  it('a single selection', () => {
    expect(parse('selection')).toBe('selection');
  });
  it('not binds tighter than and, and tighter than or', () => {
    expect(parse('a or b and not c')).toEqual({ or: ['a', { and: ['b', { not: 'c' }] }] });
    expect(parse('not a and b')).toEqual({ and: [{ not: 'a' }, 'b'] });
    expect(parse('a and b or c and d')).toEqual({ or: [{ and: ['a', 'b'] }, { and: ['c', 'd'] }] });
  });
  it('parentheses group', () => {
    expect(parse('(a or b) and not (c or d)')).toEqual({ and: [{ or: ['a', 'b'] }, { not: { or: ['c', 'd'] } }] });
    expect(parse('((a))')).toBe('a');
  });
  it('chains of the same operator stay flat', () => {
    expect(parse('a and b and c')).toEqual({ and: ['a', 'b', 'c'] });
    expect(parse('a or b or c')).toEqual({ or: ['a', 'b', 'c'] });
  });
  it('1 of, all of, any of, them', () => {
    expect(parse('1 of selection_*')).toBe('1 of selection_*');
    expect(parse('all of selection*')).toBe('all of selection*');
    expect(parse('any of sel_*')).toBe('1 of sel_*');
    expect(parse('all of them')).toBe('all of them');
    expect(parse('1 of them')).toBe('1 of them');
    expect(parse('selection and not 1 of filter_main_* and not 1 of filter_optional_*')).toEqual({
      and: ['selection', { not: '1 of filter_main_*' }, { not: '1 of filter_optional_*' }],
    });
  });
  it('keeps a Sigma 1.x aggregation as text', () => {
    const parsed = parseCondition('selection | count(TargetUserName) by IpAddress > 10');
    expect(shape(parsed.ast)).toBe('selection');
    expect(parsed.aggregation).toBe('count(TargetUserName) by IpAddress > 10');
  });
  it.each([
    ['selection and', 'unexpected end of condition', 13],
    ['(a or b', 'expected ")"', 7],
    ['a b', 'unexpected "b" after the end of the condition', 2],
    ['1 selection', 'expected "of" after "1"', 2],
    ['all of (a)', 'expected a selection name or "them" after "of"', 7],
    ['and a', 'unexpected "and"', 0],
  ])('reports %j without throwing', (text, message, offset) => {
    const parsed = parseCondition(text);
    expect(parsed.ast).toBeUndefined();
    expect(parsed.problems[0]).toEqual({ message, offset });
  });
  it('reports one problem for one mistake: an unclosed parenthesis at the end is not also a missing ")"', () => {
    expect(parseCondition('sel and (').problems).toEqual([{ message: 'unexpected end of condition', offset: 9 }]);
    expect(parseCondition('(a or (b and').problems).toEqual([{ message: 'unexpected end of condition', offset: 12 }]);
  });
  it('keeps a warning that precedes the error', () => {
    expect(parseCondition('0 of sel* and').problems.map((p) => p.message)).toEqual(['"0 of" matches nothing useful', 'unexpected end of condition']);
  });
});
