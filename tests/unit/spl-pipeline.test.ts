import { describe, expect, it } from 'vitest';
import { spl } from '../fixtures/splunk/spl.ts';

describe('SPL pipelines', () => {
  it('tstats: options, aggregates, datamodel, where (with macros) and by fields, kept datamodel-qualified', () => {
    const r = spl(
      '| tstats `security_content_summariesonly` count min(_time) as firstTime from datamodel=Endpoint.Processes where `process_net` Processes.process="* user *" by Processes.dest Processes.user | `drop_dm_object_name(Processes)` | `security_content_ctime(firstTime)`',
    );
    expect(r.lines).toEqual([
      'Processes.process_name eq "net.exe" or Processes.original_file_name eq "net.exe"',
      'Processes.process contains " user "',
    ]);
    expect(r.datamodels).toEqual(['Endpoint.Processes']);
    expect(r.outputs).toEqual(['dest', 'user', 'count', 'firstTime']);
    expect(r.status).toBe('full');
  });

  it('a filter on a by field after aggregation joins the event filter under its raw name', () => {
    const r = spl('| tstats count from datamodel=Endpoint.Processes where Processes.process_name=cmd.exe by Processes.dest Processes.user | `drop_dm_object_name(Processes)` | where user!="SYSTEM" | search dest=srv*');
    expect(r.lines).toEqual(['Processes.process_name eq "cmd.exe"', 'Processes.user ne "SYSTEM"', 'Processes.dest startswith "srv"']);
    expect(r.status).toBe('full');
  });

  it('a filter over aggregates marks partial (filter after aggregation) and stays out of the tree', () => {
    const r = spl('`cloudtrail` eventName=ConsoleLogin | stats dc(src_ip) as ips count by user | where ips > 3 AND count > 10');
    expect(r.lines).toEqual(['sourcetype eq "aws:cloudtrail"', 'eventName eq "ConsoleLogin"']);
    expect(r.reasons).toEqual(['filter after aggregation: ips', 'filter after aggregation: count']);
    expect(r.status).toBe('partial');
    // The result rows: the by field and the aggregates.
    expect(r.outputs).toEqual(['user', 'ips', 'count']);
  });

  it('eventstats, streamstats, chart, timechart and transaction', () => {
    expect(spl('a=1 | eventstats avg(bytes) as avg_bytes by host | where bytes > 100 AND avg_bytes > 5').reasons).toEqual(['filter after aggregation: avg_bytes']);
    expect(spl('a=1 | eventstats avg(bytes) as avg_bytes by host | where bytes > 100').lines).toEqual(['a eq 1', 'bytes gt 100']);
    expect(spl('a=1 | streamstats count as n by user | search n>5').reasons).toEqual(['filter after aggregation: n']);
    expect(spl('a=1 | chart count over host by user').outputs).toEqual(['host', 'user', 'count']);
    expect(spl('a=1 | timechart span=1h count by user').outputs).toEqual(['_time', 'user', 'count']);
    const t = spl('a=1 | transaction user maxspan=5m | where eventcount > 3');
    expect(t.reasons).toEqual(['transaction', 'filter after aggregation: eventcount']);
  });

  it('rex and eval make the rule partial only when a later filter reads what they computed', () => {
    expect(spl('a=1 | rex field=msg "user=(?<who>\\w+)" | eval n=len(cmd) | stats count by user').status).toBe('full');
    const r = spl('a=1 | rex field=msg "user=(?<who>\\w+)" | eval n=len(cmd) | where n > 10 AND who="root" AND b=2');
    expect(r.lines).toEqual(['a eq 1', 'b eq 2', ]);
    expect(r.reasons).toEqual(['filter on computed field: n (eval)', 'filter on computed field: who (rex)']);
  });

  it('spath output=o path=p lets later filters read the JSON path', () => {
    expect(spl('a=1 | spath output=user path=protoPayload.authenticationInfo.principalEmail | search user=*@evil.com').lines).toEqual([
      'a eq 1',
      'protoPayload.authenticationInfo.principalEmail endswith "@evil.com"',
    ]);
    expect(spl('a=1 | spath input=requestParameters.policy output=stmt path=Statement{} | where stmt="x"').lines[1]).toBe(
      'requestParameters.policy.Statement{} eq "x"',
    );
  });

  it('eval flag=if(condition, a, b) then flag=a inlines the condition (flag=b its negation)', () => {
    expect(spl('a=1 | eval hit=if(like(cmd, "%-enc%") OR match(cmd, "(?i)frombase64"), 1, 0) | where hit=1').lines).toEqual([
      'a eq 1',
      'cmd contains "-enc" or cmd regex "(?i)frombase64"',
    ]);
    expect(spl('a=1 | eval ok=if(isnull(err), "yes", "no") | search ok=no').lines).toEqual(['a eq 1', 'not err is_null']);
    const over = spl('a=1 | stats count by user | eval big=if(count > 5, 1, 0) | where big=1');
    expect(over.reasons).toEqual(['filter after aggregation: big']);
    expect(spl('a=1 | eval x=if(len(cmd) > 5, 1, 0) | where x=1').reasons).toEqual(['filter on computed field: x (eval)']);
  });

  it('lookup, inputlookup, join and append are partial with their name as reason', () => {
    expect(spl('a=1 | lookup update=true known_admins user OUTPUT is_admin | where isnull(is_admin)').reasons).toEqual([
      'lookup: known_admins',
      'filter on computed field: is_admin (lookup)',
    ]);
    expect(spl('| inputlookup bad_domains | search domain=*').reasons).toEqual(['inputlookup: bad_domains']);
    expect(spl('a=1 | join user [search b=2] | append [search c=3]').reasons).toEqual(['join', 'append']);
  });

  it('an inner join adds its subsearch filter and fields; an outer join adds nothing', () => {
    const inner = spl(
      '| tstats count from datamodel=Endpoint.Processes by Processes.process_guid Processes.process_name | `drop_dm_object_name(Processes)` | join process_guid [| tstats count from datamodel=Endpoint.Registry where Registry.registry_path="*\\\\Run\\\\*" by Registry.process_guid Registry.registry_value_data | `drop_dm_object_name(Registry)`] | where isnotnull(registry_value_data)',
    );
    expect(inner.lines).toEqual(['Registry.registry_path contains "\\\\Run\\\\"', 'Registry.registry_value_data is_not_null']);
    expect(inner.reasons).toEqual(['join']);
    expect(inner.datamodels).toEqual(['Endpoint.Processes', 'Endpoint.Registry']);
    expect(spl('a=1 | join type=outer user [search b=2]').lines).toEqual(['a eq 1']);
    expect(spl('a=1 | frobnicate x').reasons).toEqual(['unsupported command: frobnicate']);
  });

  it('output fields: by fields and aggregates, then table / fields lists, with rename targets', () => {
    expect(spl('a=1 | stats count by src_ip, user | rename src_ip as src').outputs).toEqual(['src', 'user', 'count']);
    expect(spl('a=1 | table _time user host | rename host as dest').outputs).toEqual(['_time', 'user', 'dest']);
    expect(spl('a=1 | stats count by a b c | fields - c').outputs).toEqual(['a', 'b', 'count']);
    expect(spl('a=1 | fields + user, host').outputs).toEqual(['user', 'host']);
  });

  it('regex command filters with a case-sensitive regex', () => {
    expect(spl('a=1 | regex process="(?i)\\\\\\\\temp\\\\\\\\" | regex url!="^https"').conjuncts.slice(1)).toEqual([
      { type: 'leaf', field: 'process', kind: 'regex', values: ['(?i)\\\\temp\\\\'], caseSensitive: true },
      { type: 'not', child: { type: 'leaf', field: 'url', kind: 'regex', values: ['^https'], caseSensitive: true } },
    ]);
  });

  it('no filter at all gives status none with the reason', () => {
    expect(spl('| inputlookup assets').status).toBe('none');
    expect(spl('| inputlookup assets').reasons).toEqual(['inputlookup: assets']);
  });
});
