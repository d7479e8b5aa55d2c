import { describe, expect, it } from 'vitest';
import { esqlLogic } from '../../src/lib/languages/esql/index.ts';
import { bare, rendered } from '../fixtures/elastic/tree.ts';

describe('ES|QL', () => {
  it('reads the from indices (without metadata) and the where clauses', () => {
    const r = esqlLogic(`FROM logs-aws.cloudtrail-*, logs-aws.s3access-* METADATA _id, _index
| WHERE event.action == "PutBucketPolicy" AND event.outcome != "failure" AND source.port > 1024`);
    expect(r.sources).toEqual(['logs-aws.cloudtrail-*', 'logs-aws.s3access-*']);
    expect(bare(r.condition)).toEqual({
      type: 'and',
      children: [
        { type: 'leaf', field: 'event.action', kind: 'eq', values: ['PutBucketPolicy'], caseSensitive: true },
        { type: 'leaf', field: 'event.outcome', kind: 'ne', values: ['failure'], caseSensitive: true },
        { type: 'leaf', field: 'source.port', kind: 'gt', values: [1024] },
      ],
    });
    expect(r.reasons).toEqual([]);
  });

  it('reads in, not in, like, rlike, is null, is not null, or and not', () => {
    const r = esqlLogic(`from logs-*
| where process.name in ("a", "b") and not process.name in ("c")
  and (file.path like "/tmp/*" or file.path not like "/var/*") and url.path rlike ".*\\\\.php"
  and user.id is not null and not (user.name is null)`);
    expect(rendered(r.condition)).toEqual([
      'process.name in ["a", "b"]',
      'not process.name in ["c"]',
      'file.path wildcard "/tmp/*" or not file.path wildcard "/var/*"',
      'url.path regex ".*\\\\.php"',
      'user.id is_not_null',
      'not user.name is_null',
    ]);
  });

  it('takes output fields from stats ... by and keep, and makes a where over aggregates the correlation condition', () => {
    const r = esqlLogic(`from logs-okta*
| where event.action == "user.session.start"
| stats Esql.count = count(*), Esql.ips = values(source.ip) by user.name, host.id
| where Esql.count > 10 and user.name != "svc"
| keep user.name, Esql.*`);
    expect(rendered(r.condition)).toEqual(['event.action eq "user.session.start"', 'user.name ne "svc"']);
    expect(r.reasons).toEqual([]);
    expect(r.correlation).toEqual({
      kind: 'threshold',
      by: ['user.name', 'host.id'],
      condition: 'Esql.count > 10',
      detail: 'stats Esql.count = count(*), Esql.ips = values(source.ip) by user.name, host.id',
    });
    expect(r.outputFields).toEqual(['user.name', 'Esql.count', 'Esql.ips']);
  });

  it('counts eval columns computed from aggregates as aggregates', () => {
    const r = esqlLogic(`from logs-*
| stats Esql.first = min(@timestamp), Esql.hits = count(*), Esql.users = count_distinct(user.name) by host.id
| eval Esql.recent = date_diff("minute", Esql.first, now()), Esql.ratio = Esql.users / Esql.hits
| where Esql.recent <= 10 and Esql.ratio > 0.5 and host.id != "x"`);
    expect(rendered(r.condition)).toEqual(['host.id ne "x"']);
    expect(r.reasons).toEqual([]);
    // The evals the condition reads are quoted beside the stats, as written.
    expect(r.correlation?.kind).toBe('aggregation');
    expect(r.correlation?.condition).toBe('Esql.recent <= 10 and Esql.ratio > 0.5');
    expect(r.correlation?.detail).toBe(
      'stats Esql.first = min(@timestamp), Esql.hits = count(*), Esql.users = count_distinct(user.name) by host.id | eval Esql.recent = date_diff("minute", Esql.first, now()) | eval Esql.ratio = Esql.users / Esql.hits',
    );
  });

  it('maps eval aliases and to_lower columns back to their field, and other eval columns to the computation as written', () => {
    const r = esqlLogic(`from logs-*
| eval name = to_lower(process.name), cmd = process.command_line, score = length(process.args) * 2
| where name == "rundll32.exe" and cmd like "*javascript*" and score > 4`);
    expect(bare(r.condition)).toEqual({
      type: 'and',
      children: [
        { type: 'leaf', field: 'process.name', kind: 'eq', values: ['rundll32.exe'], caseSensitive: false },
        { type: 'leaf', field: 'process.command_line', kind: 'wildcard', values: ['*javascript*'], caseSensitive: true },
        { type: 'leaf', field: 'length(process.args) * 2', kind: 'gt', values: [4], computed: ['length'] },
      ],
    });
    expect(r.reasons).toEqual([]);
  });

  it('reads `:` as a case-insensitive full-text match, unlike == / LIKE', () => {
    const r = esqlLogic(`from logs-*
| where message : "mimikatz sekurlsa" and user.name == "Admin"`);
    expect(bare(r.condition)).toEqual({
      type: 'and',
      children: [
        { type: 'leaf', field: 'message', kind: 'eq', values: ['mimikatz sekurlsa'], caseSensitive: false, match: 'fulltext' },
        { type: 'leaf', field: 'user.name', kind: 'eq', values: ['Admin'], caseSensitive: true },
      ],
    });
  });

  it('reads functions: starts_with, ends_with, cidr_match, kql(), and states others as computed values', () => {
    const r = esqlLogic(`from logs-*
| where starts_with(a, "x") and ends_with(to_lower(b), "y") and cidr_match(source.ip, "10.0.0.0/8")
  and kql("""event.code: 4624 and winlog.logon.type: 3""") and date_diff("day", c, now()) > 3`);
    expect(rendered(r.condition)).toEqual([
      'a startswith "x"',
      'b endswith "y"',
      'source.ip cidr "10.0.0.0/8"',
      'event.code eq 4624',
      'winlog.logon.type eq 3',
      'date_diff("day", c, now()) gt 3',
    ]);
    expect(r.reasons).toEqual([]);
  });

  it('reads contains / mv_contains and resolves backslash escapes of LIKE patterns', () => {
    const r = esqlLogic(`from logs-*
| where contains(to_lower(message), "alpn") and mv_contains(github.reasons.code, "force_push")
  and not to_lower(process.executable) like """\\\\device\\\\*\\\\svchost.exe"""`);
    expect(rendered(r.condition)).toEqual([
      'message contains "alpn"',
      'github.reasons.code eq "force_push"',
      'not process.executable wildcard "\\\\device\\\\*\\\\svchost.exe"',
    ]);
  });

  it('reads boolean eval columns as the condition that defines them', () => {
    const r = esqlLogic(`from logs-*
| eval is_shell = process.name in ("sh", "bash") or process.name like "*sh", is_root = user.id == "0"
| where is_shell and is_root == false`);
    expect(rendered(r.condition)).toEqual(['process.name in ["sh", "bash"] or process.name wildcard "*sh"', 'not user.id eq "0"']);
    expect(r.reasons).toEqual([]);
  });

  it('follows rename and grok/dissect columns', () => {
    const r = esqlLogic(`from logs-*
| rename process.name as proc
| grok message "%{IP:Esql.client} %{WORD:Esql.verb}"
| where proc == "sshd" and Esql.verb == "GET"
| keep proc, Esql.client`);
    expect(rendered(r.condition)).toEqual(['process.name eq "sshd"']);
    expect(r.reasons).toEqual(['filter on computed column: Esql.verb from grok message "%{IP:Esql.client} %{WORD:Esql.verb}"']);
    expect(r.outputFields).toEqual(['proc', 'Esql.client']);
  });

  it('reports a bad command and keeps the rest of the pipeline', () => {
    const r = esqlLogic(`from logs-*
| where a == 1
| where b ==
| where c == 3`);
    expect(rendered(r.condition)).toEqual(['a eq 1', 'c eq 3']);
    expect(r.reasons).toEqual([expect.stringMatching(/^ES\|QL syntax error: where command \(expected a value/)]);
    expect(r.problems[0].message).toMatch(/expected a value/);
    expect(esqlLogic('from x | where a == "open').problems[0].message).toBe('unterminated string');
  });
});
