import { describe, expect, it } from 'vitest';
import { spl } from '../fixtures/splunk/spl.ts';

describe('SPL base search terms', () => {
  it('field=value, field!=value, numbers and quoted values', () => {
    expect(spl('EventCode=4688 user!=SYSTEM process_name="cmd.exe" count_field="42"').lines).toEqual([
      'EventCode eq 4688',
      'user ne "SYSTEM"',
      'process_name eq "cmd.exe"',
      'count_field eq "42"',
    ]);
  });

  it('comparisons', () => {
    expect(spl('bytes>1000 port<=1024 x>=1 y<2').lines).toEqual(['bytes gt 1000', 'port lte 1024', 'x gte 1', 'y lt 2']);
  });

  it('wildcards: *x* contains, x* startswith, *x endswith, * is_not_null, inner * wildcard', () => {
    expect(spl('a=*mimikatz* b=C:\\\\Windows\\\\* c=*.exe d=* e=C:\\\\*\\\\svchost.exe').lines).toEqual([
      'a contains "mimikatz"',
      'b startswith "C:\\\\Windows\\\\"',
      'c endswith ".exe"',
      'd is_not_null',
      'e wildcard "C:\\\\*\\\\svchost.exe"',
    ]);
    expect(spl('a!=* b!=*.tmp').lines).toEqual(['a is_null', 'not b endswith ".tmp"']);
  });

  it('IN lists keep their order and group by kind of match', () => {
    expect(spl('eventName IN ("DeleteTrail", "StopLogging", UpdateTrail)').lines).toEqual(['eventName in ["DeleteTrail", "StopLogging", "UpdateTrail"]']);
    expect(spl('PipeName IN (\\\\msagent_*, \\\\postex_*, *lsarpc*, exact)').lines).toEqual([
      'PipeName startswith ["\\\\msagent_", "\\\\postex_"] or PipeName contains "lsarpc" or PipeName eq "exact"',
    ]);
  });

  it('NOT, OR, AND and parentheses; OR binds tighter than the implicit AND', () => {
    expect(spl('a=1 b=2 OR b=3 NOT c=4').lines).toEqual(['a eq 1', 'b eq 2 or b eq 3', 'not c eq 4']);
    expect(spl('(a=1 AND b=2) OR NOT (c=3 OR c=4)').lines).toEqual(['(a eq 1 and b eq 2) or not (c eq 3 or c eq 4)']);
  });

  it('bare terms are keywords; time modifiers and lone * are no filter', () => {
    expect(spl('earliest=-24h latest=now * mimikatz "sekurlsa::logonpasswords" CASE(Invoke)').conjuncts).toEqual([
      { type: 'leaf', field: '*', kind: 'keyword', values: ['mimikatz'] },
      { type: 'leaf', field: '*', kind: 'keyword', values: ['sekurlsa::logonpasswords'] },
      { type: 'leaf', field: '*', kind: 'keyword', values: ['Invoke'], caseSensitive: true },
    ]);
  });

  it('search comparisons are case-insensitive (no caseSensitive flag)', () => {
    const [c] = spl('Image=*\\\\powershell.exe').conjuncts;
    expect(c).toEqual({ type: 'leaf', field: 'Image', kind: 'endswith', values: ['\\powershell.exe'] });
  });

  it('quoted field names, as security_content writes some', () => {
    expect(spl('"result.status" IN ("FAILURE", "DENIED") "result.message"="Device*"').lines).toEqual([
      'result.status in ["FAILURE", "DENIED"]',
      'result.message startswith "Device"',
    ]);
  });

  it('expands macros in the base search and `| search`', () => {
    const r = spl('`cloudtrail` eventName=DeleteTrail | search userIdentity.type=Root');
    expect(r.lines).toEqual(['sourcetype eq "aws:cloudtrail"', 'eventName eq "DeleteTrail"', 'userIdentity.type eq "Root"']);
    expect(r.status).toBe('full');
    expect(spl('`sysmon` EventCode=1').lines[0]).toBe(
      'sourcetype eq "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational" or source eq "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"',
    );
  });

  it('a subsearch makes the logic partial and counts as no constraint (a table read is an indicator match)', () => {
    const r = spl('a=1 [search b=2 | stats count by src_ip | fields src_ip]');
    expect(r.lines).toEqual(['a eq 1']);
    expect(r.reasons).toEqual(['subsearch']);
    const table = spl('a=1 [| inputlookup bad_ips | fields src_ip]');
    expect(table.lines).toEqual(['a eq 1']);
    expect(table.correlation).toEqual({ kind: 'indicator_match', by: ['src_ip'], condition: '[ | inputlookup bad_ips | fields src_ip ]', detail: 'bad_ips' });
  });

  it('bad input gives diagnostics, never an exception', () => {
    const r = spl('a=1 (b=2 | stats count');
    expect(r.lines).toEqual(['a eq 1', 'b eq 2']);
    expect(r.diagnostics[0]).toMatchObject({ file: 'test.yml', line: 3, code: 'spl-syntax', severity: 'warning' });
    expect(r.diagnostics[0].message).toMatch(/^expected closing parenthesis \(at character \d+ of the search\)$/);
    expect(spl('').status).toBe('none');
    expect(spl('`cloudtrail').diagnostics[0].message).toMatch(/unterminated macro/);
  });
});

describe('SPL extraction never throws', () => {
  const search =
    '`cloudtrail` (eventName IN ("A", B*) OR NOT x!=*y*) [| inputlookup t | fields u] | eval f=if(like(a, "%b%"), 1, 0) | where f=1 AND match(c, "(?i)d") AND len(e) > 3 | stats count by u | join u [search `sysmon` z=1] | rename u as user | table user';
  it('on every prefix of a complex search', () => {
    for (let i = 0; i <= search.length; i++) expect(() => spl(search.slice(0, i)), search.slice(0, i)).not.toThrow();
  });
  it('with each character removed', () => {
    for (let i = 0; i < search.length; i++) expect(() => spl(search.slice(0, i) + search.slice(i + 1))).not.toThrow();
  });
  it('on random soups of SPL fragments', () => {
    const parts = ['|', '(', ')', '[', ']', ',', '"', "'", '`', '=', '!=', '<', '>=', 'NOT', 'OR', 'AND', 'IN', 'by', 'as', 'where', 'stats', 'tstats', 'eval', 'rex', 'join', 'rename', 'search', 'from', 'datamodel=X.Y', 'x', '*y*', 'if(', 'like(', 'match(', '`cloudtrail`', '`security_content_ctime(t)`', '```', '\\', '5'];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let n = 0; n < 500; n++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 25) }, () => parts[Math.floor(random() * parts.length)]).join(' ');
      expect(() => spl(text), text).not.toThrow();
    }
  });
});
