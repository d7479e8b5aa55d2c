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

  it('a filter over aggregates is the correlation condition, as written, and stays out of the event filter', () => {
    const r = spl('`cloudtrail` eventName=ConsoleLogin | stats dc(src_ip) as ips count by user | where ips > 3 AND count > 10');
    expect(r.lines).toEqual(['sourcetype eq "aws:cloudtrail"', 'eventName eq "ConsoleLogin"']);
    expect(r.reasons).toEqual([]);
    expect(r.status).toBe('full');
    expect(r.correlation).toEqual({ kind: 'aggregation', by: ['user'], condition: 'ips > 3 AND count > 10', detail: 'stats' });
    expect(r.outputs).toEqual(['user', 'ips', 'count']);
    expect(spl('a=1 | stats dc(dest) by user | where \'dc(dest)\' >= 10').correlation).toMatchObject({ kind: 'distinct_count', condition: "'dc(dest)' >= 10" });
    expect(spl('a=1 | stats count by user | search count>5').correlation).toMatchObject({ kind: 'threshold', condition: 'count > 5' });
  });

  it('the window comes from span=, maxspan=, time_window= or a bin _time span= before the aggregation', () => {
    expect(spl('a=1 | bin _time span=10m | stats count by user _time | where count > 5').correlation).toEqual({
      kind: 'threshold',
      by: ['user'],
      window: '10m',
      condition: 'count > 5',
      detail: 'stats',
    });
    expect(spl('| tstats count from datamodel=Endpoint.Processes where Processes.process_name=x by Processes.dest _time span=1h | where count > 5').correlation).toMatchObject({
      kind: 'threshold',
      by: ['Processes.dest'],
      window: '1h',
      detail: 'tstats',
    });
    expect(spl('a=1 | streamstats time_window=5m count as n by user | where n > 5').correlation?.window).toBe('5m');
  });

  it('an aggregation nothing filters on only shapes the alert: no correlation, the rule stays single-event', () => {
    const r = spl('a=1 | stats count min(_time) as firstTime by user dest');
    expect(r.correlation).toBeUndefined();
    expect(r.status).toBe('full');
  });

  it('eventstats, streamstats, chart, timechart and transaction', () => {
    const e = spl('a=1 | eventstats avg(bytes) as avg_bytes by host | where bytes > 100 AND avg_bytes > 5');
    expect(e.correlation).toEqual({ kind: 'aggregation', by: ['host'], condition: 'bytes > 100 AND avg_bytes > 5', detail: 'eventstats' });
    // bytes is still the event's own field: it filters the events too.
    expect(e.lines).toEqual(['a eq 1', 'bytes gt 100']);
    expect(spl('a=1 | eventstats avg(bytes) as avg_bytes by host | where bytes > 100').lines).toEqual(['a eq 1', 'bytes gt 100']);
    expect(spl('a=1 | streamstats count as n by user | search n>5').correlation).toMatchObject({ kind: 'threshold', by: ['user'], condition: 'n > 5' });
    expect(spl('a=1 | chart count over host by user').outputs).toEqual(['host', 'user', 'count']);
    expect(spl('a=1 | timechart span=1h count by user').outputs).toEqual(['_time', 'user', 'count']);
    const t = spl('a=1 | transaction user maxspan=5m | where eventcount > 3');
    expect(t.status).toBe('full');
    expect(t.correlation).toEqual({ kind: 'threshold', by: ['user'], window: '5m', condition: 'eventcount > 3', detail: 'transaction' });
    const bounded = spl('a=1 | transaction user startswith="EventCode=4624" maxspan=1h');
    expect(bounded.reasons).toEqual(['transaction startswith=EventCode=4624']);
    expect(bounded.correlation).toEqual({ kind: 'aggregation', by: ['user'], window: '1h', detail: 'transaction' });
  });

  it('a filter on an eval over event fields is a leaf on the computation; so is a filter on a rex column', () => {
    expect(spl('a=1 | rex field=msg "user=(?<who>\\w+)" | eval n=len(cmd) | stats count by user').status).toBe('full');
    const r = spl('a=1 | rex field=msg "user=(?<who>\\w+)" | eval n=len(cmd) | where n > 10 AND who="root" AND b=2');
    expect(r.lines).toEqual(['a eq 1', 'len(cmd) gt 10', 'rex field=msg "user=(?<who>\\w+)" eq "root"', 'b eq 2']);
    expect(r.reasons).toEqual([]);
    // Chained evals are written out over event fields, rex columns too.
    expect(spl('a=1 | rename c as cmd | eval parts=split(cmd, " ") | eval first=mvindex(parts, 0) | search first="x"').lines).toEqual([
      'a eq 1',
      'mvindex(split(c, " "), 0) eq "x"',
    ]);
    expect(spl('a=1 | rex field=msg "(?<who>\\w+)" | eval w=lower(who) | where w="root"').lines).toEqual(['a eq 1', 'lower((rex field=msg "(?<who>\\w+)")) eq "root"']);
  });

  it('forgets what evals hold after a command it does not follow (foreach rewrites fields)', () => {
    const r = spl('a=1 | eval f=lower(x) | foreach b* [eval f=f.<<FIELD>>] | where f="y"');
    expect(r.lines).toEqual(['a eq 1']);
    expect(r.reasons).toEqual(['foreach', 'filter on computed field: f (eval lower(x))']);
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
    expect(over.reasons).toEqual([]);
    expect(over.correlation?.condition).toBe('big = 1 (big=if(count > 5, 1, 0))');
    const d = spl('a=1 | stats min(_time) as first max(_time) as last count by user | eval d=last - first | where d < 300');
    expect(d.correlation).toMatchObject({ kind: 'aggregation', condition: 'd < 300 (d=last - first)' });
    // A flag whose condition no leaf says is a leaf on the whole if(...).
    const computed = spl('a=1 | eval x=if(len(cmd) > 5, 1, 0) | where x=1');
    expect(computed.reasons).toEqual([]);
    expect(computed.lines).toEqual(['a eq 1', 'if(len(cmd) > 5, 1, 0) eq 1']);
  });

  it('a filter on what a lookup returned is an indicator match on the lookup; a lookup nothing filters on only enriches', () => {
    const r = spl('a=1 | lookup update=true known_admins user OUTPUT is_admin | where isnull(is_admin)');
    expect(r.status).toBe('full');
    expect(r.correlation).toEqual({ kind: 'indicator_match', by: ['user'], condition: 'isnull(is_admin)', detail: 'known_admins' });
    const renamed = spl('a=1 | lookup isWindowsSystemFile_lookup filename as file_name OUTPUT systemFile | search systemFile=true');
    expect(renamed.correlation).toMatchObject({ by: ['file_name'], condition: 'systemFile = true' });
    expect(spl('a=1 | lookup assets ip AS src OUTPUT owner | table owner').correlation).toBeUndefined();
    // Beside an aggregation (the rule's correlation) the lookup's filter stays a named reason.
    const both = spl('a=1 | lookup x f OUTPUT g | search g=1 | stats count by user | where count > 5');
    expect(both.reasons).toEqual(['lookup x: g = 1']);
    expect(both.correlation?.kind).toBe('threshold');
  });

  it('inputlookup, join and append are partial with their name as reason', () => {
    expect(spl('| inputlookup bad_domains | search domain=*').reasons).toEqual(['inputlookup: bad_domains']);
    expect(spl('a=1 | append [search c=3]').reasons).toEqual(['append']);
  });

  it('an inner join adds its subsearch filter and fields; an outer join adds nothing', () => {
    const inner = spl(
      '| tstats count from datamodel=Endpoint.Processes by Processes.process_guid Processes.process_name | `drop_dm_object_name(Processes)` | join process_guid [| tstats count from datamodel=Endpoint.Registry where Registry.registry_path="*\\\\Run\\\\*" by Registry.process_guid Registry.registry_value_data | `drop_dm_object_name(Registry)`] | where isnotnull(registry_value_data)',
    );
    expect(inner.status).toBe('full');
    expect(inner.stages).toEqual([
      { name: 'main search', role: 'left', source: 'Endpoint.Processes', lines: [], reasons: undefined },
      // A later filter on a field only the subsearch returns filters the subsearch's events.
      { name: 'subsearch 1', role: 'right', source: 'Endpoint.Registry', lines: ['Registry.registry_path contains "\\\\Run\\\\"', 'Registry.registry_value_data is_not_null'], reasons: undefined },
    ]);
    expect(inner.correlation).toEqual({ kind: 'join', by: ['process_guid'], detail: 'inner' });
    expect(inner.datamodels).toEqual(['Endpoint.Processes', 'Endpoint.Registry']);
    const outer = spl('a=1 | join type=outer user [search b=2 | stats count as n by user] | where n > 3 OR isnull(n)');
    expect(outer.stages?.map((s) => s.lines)).toEqual([['a eq 1'], ['b eq 2']]);
    expect(outer.correlation).toEqual({ kind: 'join', by: ['user'], detail: 'outer', condition: 'subsearch 1 stats by user: n > 3 OR isnull(n)' });
    const mixed = spl('a=1 | join user [search b=2 | table user host] | where host != src');
    expect(mixed.correlation?.condition).toBe('host != src');
    expect(mixed.reasons).toEqual([]);
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
