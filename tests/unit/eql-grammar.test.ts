/** The EQL Peggy grammar (src/lib/languages/eql/eql.peggy; tests/unit/grammars.test.ts keeps the generated parser in step): syntax problems, nesting limits, quoting. */
import { describe, expect, it } from 'vitest';
import { eqlLogic } from '../../src/lib/languages/eql/index.ts';
import { rendered } from '../fixtures/elastic/tree.ts';

describe('EQL grammar', () => {
  it('reports what the grammar expected at the offset where it failed', () => {
    expect(eqlLogic('process where a == 1 b').problems).toEqual([{ offset: 21, message: 'expected "and", "or", "|", an arithmetic operator or end of query, found "b"' }]);
    expect(eqlLogic('sequence [process where a == 1').problems).toEqual([
      { offset: 30, message: 'expected "]", "and", "or" or an arithmetic operator, found end of query' },
    ]);
    expect(eqlLogic('process a == 1').problems).toEqual([{ offset: 8, message: 'expected "where", found "a"' }]);
    expect(eqlLogic('process where _arraysearch(a, b, c == 1)').problems).toEqual([{ offset: 30, message: 'expected a $variable, found "b"' }]);
    expect(eqlLogic('process where a == 1 /* x').problems).toEqual([{ offset: 21, message: 'unterminated comment' }]);
    expect(eqlLogic('process where a.`b == 1').problems).toEqual([{ offset: 16, message: 'unterminated backquoted field' }]);
  });

  it('stops past 100 levels of parentheses, nots, calls or sub-queries with the line and column', () => {
    const deep = (open: string, close: string, n = 2000) => `process where\n ${open.repeat(n)}a == 1${close.repeat(n)}`;
    expect(eqlLogic(deep('(', ')')).problems[0].message).toBe('nested deeper than 100 at 2:103');
    expect(eqlLogic(deep('not ', '')).problems[0].message).toBe('nested deeper than 100 at 2:406');
    expect(eqlLogic(`process where ${'f('.repeat(2000)}a${')'.repeat(2000)} == 1`).problems[0].message).toBe('nested deeper than 100 at 1:216');
    // The hand parser before the grammar followed these without a limit and overflowed the stack.
    expect(eqlLogic(deep('descendant of [process where ', ']')).problems[0].message).toMatch(/^nested deeper than 100 at 2:\d+$/);
  });

  it('reads a chain of 20,000 terms as one flat or', () => {
    const logic = eqlLogic(`any where ${Array.from({ length: 20000 }, (_, i) => `process.pid == ${i}`).join(' or ')}`);
    expect(logic.problems).toEqual([]);
    expect(logic.condition).toMatchObject({ type: 'or' });
    expect((logic.condition as { children: unknown[] }).children).toHaveLength(20000);
  });

  it('quotes a construct it cannot express once, without its parentheses or a comment after it', () => {
    // From Elastic Defend's "Suspicious Microsoft IIS Worker Descendant": the hand parser quoted the
    // parenthesized sub-query twice ("descendant of: descendant of [...]: (descendant of [...] )").
    const iis = eqlLogic(`process where event.action == "start" and
  (descendant of [process where process.parent.name : "w3wp.exe" and
    process.pe.original_file_name == "Cmd.Exe"]
  )`);
    expect(iis.reasons).toEqual(['descendant of: descendant of [process where process.parent.name : "w3wp.exe" and process.pe.original_file_name == "Cmd.Exe"]']);
    const commented = eqlLogic('process where (length(process.args) > 3) // long\n and process.name == process.parent.name');
    // A computed value and a field comparison are leaves now, written without the comment.
    expect(commented.reasons).toEqual([]);
    expect(rendered(commented.condition)).toEqual(['event.category eq "process"', 'length(process.args) gt 3', 'process.name eq field process.parent.name']);
  });
});
