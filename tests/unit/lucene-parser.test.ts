import { describe, expect, it } from 'vitest';
import { luceneLogic } from '../../src/lib/languages/lucene/index.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { conjunctsOf } from '../../src/lib/logic/tree.ts';
import { rendered } from '../fixtures/elastic/tree.ts';

const lines = (q: string) => rendered(luceneLogic(q).condition);

describe('lucene', () => {
  it('reads field:value, AND/OR/NOT and value lists', () => {
    expect(lines('event.category:process AND event.type:(start OR process_started) AND NOT user.name:root')).toEqual([
      'event.category eq "process"',
      'event.type in ["start", "process_started"]',
      'not user.name eq "root"',
    ]);
  });

  it('reads quoted values, wildcards, regexes, ranges and exists', () => {
    expect(lines('a:"x y" && b:ab*c && c:/[0-9]{3}/ && d:[1 TO 5] && e:{* TO 10} && _exists_:f && g:>3 && h:*')).toEqual([
      'a eq "x y"',
      'b wildcard "ab*c"',
      'c regex "[0-9]{3}"',
      'd gte 1',
      'd lte 5',
      'e lt 10',
      'f is_not_null',
      'g gt 3',
      'h is_not_null',
    ]);
  });

  it('a bare quoted string is a phrase, a bare word a full-text term; a quoted field value stays an exact value', () => {
    const c = luceneLogic('"invoke mimikatz" AND sekurlsa AND a:"x y"').condition;
    const leaves = c?.type === 'and' ? c.children : [];
    expect(leaves.map((l) => (l.type === 'leaf' ? [l.kind, l.match] : []))).toEqual([
      ['keyword', 'phrase'],
      ['keyword', undefined],
      ['eq', undefined],
    ]);
    expect(renderConjuncts(conjunctsOf(c), { marks: true })[0]).toBe('* phrase~ "invoke mimikatz"');
  });

  it('reads - and ! as not, bare terms as keywords, juxtaposition as and', () => {
    expect(lines('-a:1 !b:2 mimikatz')).toEqual(['not a eq 1', 'not b eq 2', '* keyword "mimikatz"']);
  });

  it('reports an unbalanced parenthesis', () => {
    const r = luceneLogic('(a:1 OR b:2');
    expect(r.condition).toBeUndefined();
    expect(r.reasons[0]).toBe('lucene syntax error: expected ")"');
  });

  it('reports _exists_: without a field as a syntax error at the end of the query', () => {
    expect(luceneLogic('_exists_:').problems).toEqual([{ offset: 9, message: 'expected a field' }]);
  });

  // The old tokenizer read a phrase, a regular expression or a range to the end of the query when it was not closed.
  it('reports an unterminated phrase, regular expression or range where it starts', () => {
    expect(luceneLogic('a:"abc OR b:1').problems).toEqual([{ offset: 2, message: 'unterminated quoted string' }]);
    expect(luceneLogic('a:/abc OR b:1').problems).toEqual([{ offset: 2, message: 'unterminated regular expression' }]);
    expect(luceneLogic('a:[1 TO').problems).toEqual([{ offset: 2, message: 'unterminated range' }]);
    expect(luceneLogic('a:1 AND b:{1 TO 5').problems).toEqual([{ offset: 10, message: 'unterminated range' }]);
    expect(luceneLogic('a:[1 5]').problems).toEqual([{ offset: 2, message: 'expected a range: [low TO high]' }]);
  });

  it('names the one thing the grammar expected where it failed', () => {
    expect(luceneLogic('a:1 )').problems).toEqual([{ offset: 4, message: 'expected end of query' }]);
    expect(luceneLogic('a:1 AND').problems).toEqual([{ offset: 7, message: 'expected a value' }]);
    expect(luceneLogic('a:(b OR c').problems).toEqual([{ offset: 9, message: 'expected ")"' }]);
  });

  it('reads escaped quotes and slashes inside phrases and regular expressions, and mixed range brackets', () => {
    expect(lines('a:"say \\"hi\\"" AND b:/x\\/y/ AND c:[1 TO 5}')).toEqual(['a eq "say \\"hi\\""', 'b regex "x/y"', 'c gte 1', 'c lt 5']);
  });

  // An escaped operator is a word, as in Lucene; the old tokenizer unescaped it first and took it for the operator.
  it('reads an escaped operator as a value', () => {
    expect(lines('a:(x OR \\NOT)')).toEqual(['a in ["x", "NOT"]']);
  });

  it('stops past 100 levels of parentheses and negations with the line and column', () => {
    expect(luceneLogic(`${'-('.repeat(50)}a:1${')'.repeat(50)}`).problems).toEqual([]);
    expect(luceneLogic(`\n${'-('.repeat(60)}a:1`).problems).toEqual([{ offset: 102, message: 'nested deeper than 100 at 2:102' }]);
  });
});
