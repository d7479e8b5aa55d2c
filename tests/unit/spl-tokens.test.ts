import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/lib/languages/spl/tokens.ts';

const kinds = (text: string) => tokenize(text).tokens.map((t) => `${t.type}:${t.value}`);

describe('SPL tokenizer', () => {
  it('splits words, operators, strings, lists and pipes', () => {
    expect(kinds('EventCode=4688 process_name!="cmd.exe" | stats count by dest')).toEqual([
      'word:EventCode', 'op:=', 'word:4688', 'word:process_name', 'op:!=', 'string:cmd.exe',
      'pipe:|', 'word:stats', 'word:count', 'word:by', 'word:dest',
    ]);
    expect(kinds('x IN (a, "b c")')).toEqual(['word:x', 'word:IN', 'lparen:(', 'word:a', 'comma:,', 'string:b c', 'rparen:)']);
  });

  it('keeps wildcards and path characters inside words, and unescapes \\\\ and \\"', () => {
    expect(kinds('PipeName=\\\\msagent_* path="C:\\\\Windows\\\\*" q="say \\"hi\\""')).toEqual([
      'word:PipeName', 'op:=', 'word:\\msagent_*', 'word:path', 'op:=', 'string:C:\\Windows\\*', 'word:q', 'op:=', 'string:say "hi"',
    ]);
  });

  it('reads macros, single-quoted field names, comparison operators and skips ```comments```', () => {
    expect(kinds("`cloudtrail` ```a comment``` | where 'Processes.process'>=5 AND x<=2")).toEqual([
      'macro:cloudtrail', 'pipe:|', 'word:where', 'field:Processes.process', 'op:>=', 'word:5', 'word:AND', 'word:x', 'op:<=', 'word:2',
    ]);
  });

  it('reports unterminated strings and macros instead of throwing', () => {
    expect(tokenize('x="abc').problems.map((p) => p.message)).toEqual(['unterminated string']);
    expect(tokenize('`cloudtrail x=1').problems.map((p) => p.message)).toEqual(['unterminated macro call']);
  });
});
