import { describe, expect, it } from 'vitest';
import { spl } from '../fixtures/splunk/spl.ts';

const where = (expr: string) => spl(`x=1 | where ${expr}`);

describe('SPL where clauses', () => {
  it('==, =, != and comparisons are case-sensitive for strings', () => {
    expect(where('a=="A" AND b="B" AND c!="C" AND n>5').conjuncts.slice(1)).toEqual([
      { type: 'leaf', field: 'a', kind: 'eq', values: ['A'], caseSensitive: true },
      { type: 'leaf', field: 'b', kind: 'eq', values: ['B'], caseSensitive: true },
      { type: 'leaf', field: 'c', kind: 'ne', values: ['C'], caseSensitive: true },
      { type: 'leaf', field: 'n', kind: 'gt', values: [5] },
    ]);
    expect(where('5 < n').lines[1]).toBe('n gt 5');
  });

  it('lower()/upper() around the field make the comparison case-insensitive', () => {
    expect(where('lower(user)="admin"').conjuncts[1]).toEqual({ type: 'leaf', field: 'user', kind: 'eq', values: ['admin'] });
  });

  it('like(): % at the ends gives contains/startswith/endswith, else wildcard with * and ?', () => {
    expect(where('like(cmd, "%-enc%") OR cmd LIKE "powershell%" OR like(cmd, "%.ps1") OR like(cmd, "a%b_c") OR like(cmd, "exact")').lines[1]).toBe(
      'cmd contains "-enc" or cmd startswith "powershell" or cmd endswith ".ps1" or cmd wildcard "a*b?c" or cmd eq "exact"',
    );
  });

  it('match() is a case-sensitive regex unless it starts with (?i); cidrmatch() is cidr', () => {
    expect(where('match(url, "^https?://[0-9.]+/") AND match(host, "(?i)evil") AND cidrmatch("10.0.0.0/8", src_ip)').conjuncts.slice(1)).toEqual([
      { type: 'leaf', field: 'url', kind: 'regex', values: ['^https?://[0-9.]+/'], caseSensitive: true },
      { type: 'leaf', field: 'host', kind: 'regex', values: ['(?i)evil'] },
      { type: 'leaf', field: 'src_ip', kind: 'cidr', values: ['10.0.0.0/8'] },
    ]);
  });

  it('in() and IN (...), isnull/isnotnull, and/or/not', () => {
    expect(where('in(action, "created", "deleted") AND status IN ("ok") AND (isnull(err) OR NOT isnotnull(code)) AND NOT cidrmatch("192.168.0.0/16", ip)').lines.slice(1)).toEqual([
      'action in ["created", "deleted"]',
      'status eq "ok"',
      'err is_null or not code is_not_null',
      'not ip cidr "192.168.0.0/16"',
    ]);
    expect(where('a == null()').lines[1]).toBe('a is_null');
  });

  it('keywords are case-insensitive in where; single-quoted field names', () => {
    expect(where("'Processes.process_name'=\"net.exe\" and not x=1 or y=2").lines.slice(1)).toEqual([
      '(Processes.process_name eq "net.exe" and not x eq 1) or y eq 2',
    ]);
  });

  it('searchmatch() is parsed as search terms', () => {
    expect(where('searchmatch("eventName=DeleteTrail")').lines[1]).toBe('eventName eq "DeleteTrail"');
  });

  it('what no leaf says makes the rule partial, and the tree stays a superset (necessary) condition', () => {
    const r = where('len(process) > 200 AND user="root"');
    expect(r.lines).toEqual(['x eq 1', 'user eq "root"']);
    expect(r.reasons).toEqual(['unsupported function: len']);
    // An unknown piece inside an OR drops the whole OR; under NOT it drops the negated part.
    expect(where('(len(a) > 3 OR b="x") AND c="y"').lines).toEqual(['x eq 1', 'c eq "y"']);
    expect(where('NOT (a="1" AND len(b) > 3)').lines).toEqual(['x eq 1']);
    expect(where('a=b').reasons).toEqual([]);
    expect(where('a!=lower(b)').lines).toEqual(['x eq 1', 'a ne field b']);
    expect(where('count > avg + stdev*2').reasons).toEqual(['unsupported expression']);
  });
});
