import { describe, expect, it } from 'vitest';
import { kueryLogic } from '../../src/lib/languages/kuery/index.ts';
import { bare, rendered } from '../fixtures/elastic/tree.ts';

const lines = (q: string) => rendered(kueryLogic(q).condition);

describe('kuery', () => {
  it('reads field:value with quoted and unquoted values, typed numbers and booleans', () => {
    expect(bare(kueryLogic('event.action: "DeleteTrail" and event.code:4624 and flag:false').condition)).toEqual({
      type: 'and',
      children: [
        { type: 'leaf', field: 'event.action', kind: 'eq', values: ['DeleteTrail'], caseSensitive: true },
        { type: 'leaf', field: 'event.code', kind: 'eq', values: [4624] },
        { type: 'leaf', field: 'flag', kind: 'eq', values: [false] },
      ],
    });
  });

  it('turns field:(a or b) into one in leaf, keeping the rule order', () => {
    expect(lines('event.action:(StopLogging or "DeleteTrail" or UpdateTrail)')).toEqual([
      'event.action in ["StopLogging", "DeleteTrail", "UpdateTrail"]',
    ]);
  });

  it('keeps unquoted stars as wildcards and quoted stars as text', () => {
    expect(lines('process.name:*sh and file.path:"C:\\\\*" and process.args:(-e* or -c)')).toEqual([
      'process.name wildcard "*sh"',
      'file.path eq "C:\\\\*"',
      'process.args wildcard "-e*" or process.args eq "-c"',
    ]);
  });

  it('reads ranges', () => {
    expect(lines('destination.port >= 1024 and @timestamp < "now-1d"')).toEqual(['destination.port gte 1024', '@timestamp lt "now-1d"']);
  });

  it('reads not, parentheses and or between expressions', () => {
    expect(lines('a:1 and not (b:2 or c:3) and (d:x or e:y)')).toEqual(['a eq 1', 'not (b eq 2 or c eq 3)', 'd eq "x" or e eq "y"']);
  });

  it('reads not inside a value list', () => {
    expect(lines('user.name:(not root)')).toEqual(['not user.name eq "root"']);
  });

  it('prefixes fields of a nested query with the outer field', () => {
    expect(lines('user:{ first: "Alice" and last: Smith }')).toEqual(['user.first eq "Alice"', 'user.last eq "Smith"']);
  });

  it('reads field:* as exists', () => {
    expect(lines('aws.cloudtrail.error_code:* and not user.id:*')).toEqual(['aws.cloudtrail.error_code is_not_null', 'not user.id is_not_null']);
  });

  it('reads bare terms as keyword searches over the whole event; a quoted one is a phrase', () => {
    expect(lines('"mimikatz" and sekurlsa')).toEqual(['* keyword "mimikatz"', '* keyword "sekurlsa"']);
    const c = kueryLogic('"invoke mimikatz" and sekurlsa').condition;
    expect(c?.type === 'and' ? c.children.map((l) => l.type === 'leaf' && l.match) : []).toEqual(['phrase', undefined]);
  });

  it('keeps spaces inside unquoted values and resolves escapes', () => {
    expect(lines('process.title: Windows Update and file.name: a\\:b')).toEqual(['process.title eq "Windows Update"', 'file.name eq "a:b"']);
  });

  it('reports a syntax error with its offset and never throws', () => {
    const r = kueryLogic('event.action: (a or b');
    expect(r.condition).toBeUndefined();
    expect(r.problems[0].offset).toBe(21);
    expect(r.reasons[0]).toMatch(/^kuery syntax error: expected/);
    expect(kueryLogic('field: "unterminated').problems[0]).toEqual({ offset: 7, message: 'unterminated quoted string' });
  });

  it('names the one thing the grammar expected where it failed', () => {
    expect(kueryLogic('a:1 )').problems).toEqual([{ offset: 4, message: 'expected end of query, found ")"' }]);
    expect(kueryLogic('(a:1 and )').problems).toEqual([{ offset: 9, message: 'expected a field or value, found ")"' }]);
    expect(kueryLogic('user:{ first: x').problems).toEqual([{ offset: 15, message: 'expected "}", found end of query' }]);
    expect(kueryLogic('a:(b:c)').problems).toEqual([{ offset: 4, message: 'expected ")", found ":"' }]);
  });

  // The old tokenizer unescaped a word before asking whether it was a keyword, so `\or` was still the operator.
  it('reads an escaped keyword as a value, not an operator', () => {
    expect(lines('user.name:(root or \\and) and process.name:\\not')).toEqual(['user.name in ["root", "and"]', 'process.name eq "not"']);
  });

  it('stops past 100 levels of parentheses and nots with the line and column', () => {
    const deep = (n: number) => `${'not ('.repeat(n)}a:1${')'.repeat(n)}`;
    expect(kueryLogic(deep(50)).problems).toEqual([]);
    expect(kueryLogic(`\n${deep(60)}`).problems).toEqual([{ offset: 255, message: 'nested deeper than 100 at 2:255' }]);
  });
});

describe('kuery on ip fields', () => {
  it('reads CIDR blocks as cidr leaves, merged within a value list', () => {
    expect(lines('source.ip:(10.0.0.0/8 or "192.168.0.0/16" or 8.8.8.8) and not destination.ip: "fe80::/10"')).toEqual([
      'source.ip cidr ["10.0.0.0/8", "192.168.0.0/16"] or source.ip eq "8.8.8.8"',
      'not destination.ip cidr "fe80::/10"',
    ]);
  });
});
