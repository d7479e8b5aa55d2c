/** Cases found by reading extracted trees of real security_content detections beside their searches. */
import { describe, expect, it } from 'vitest';
import { spl } from '../fixtures/splunk/spl.ts';

describe('spl search terms: CIDR values', () => {
  it('field=a.b.c.d/n is a CIDR match in the search command, != its negation (detect_spike_in_blocked_outbound_traffic_from_your_aws)', () => {
    const r = spl('action=blocked (src_ip=10.0.0.0/8 OR src_ip=192.168.0.0/16) dest_ip!=172.16.0.0/12 dest IN (fe80::/10, "::1/128", 10.1.2.3)');
    expect(r.lines).toEqual([
      'action eq "blocked"',
      'src_ip cidr "10.0.0.0/8" or src_ip cidr "192.168.0.0/16"',
      'not dest_ip cidr "172.16.0.0/12"',
      'dest cidr ["fe80::/10", "::1/128"] or dest eq "10.1.2.3"',
    ]);
  });
  it('a value that only looks like a path with a slash stays a string', () => {
    expect(spl('uri=10/20 path="a/8"').lines).toEqual(['uri eq "10/20"', 'path eq "a/8"']);
  });
});

describe('spl tstats: nodename selects a data model dataset', () => {
  it('nodename=X is no event field: it drops out of the tree (large_volume_of_dns_any_queries, detect_usb_device_insertion)', () => {
    const r = spl('| tstats count from datamodel=Network_Resolution where nodename=DNS "DNS.message_type"="QUERY" by DNS.src');
    expect(r.lines).toEqual(['DNS.message_type eq "QUERY"']);
    expect(r.status).toBe('full');
    expect(spl('| tstats count from datamodel=Change_Analysis where (nodename = All_Changes) All_Changes.result_id=4663 by All_Changes.dest').lines).toEqual([
      'All_Changes.result_id eq 4663',
    ]);
    const outside = spl('| tstats count from datamodel=Network_Resolution where NOT nodename=DNS DNS.query=x by DNS.src');
    expect(outside.lines).toEqual(['DNS.query eq "x"']);
    expect(outside.reasons).toEqual(['unsupported expression: NOT nodename']);
  });
});

describe('spl search terms: a function call as value', () => {
  it('field>=relative_time(now(), "-10m@m") is no comparison with the string "relative_time" (abnormally_high_aws_instances_launched_by_user)', () => {
    const r = spl('eventName=RunInstances | search _time >= relative_time(now(), "-10m@m") userName=bob');
    expect(r.lines).toEqual(['eventName eq "RunInstances"', 'userName eq "bob"']);
    expect(r.reasons).toEqual(['unsupported expression: relative_time() in a search']);
  });
});

describe('spl search terms: a macro value followed by a group', () => {
  it('a value spliced from a macro is not a function call because a parenthesis follows the macro', () => {
    expect(spl('`cloudtrail` (eventName=A OR eventName=B)').lines).toEqual(['sourcetype eq "aws:cloudtrail"', 'eventName eq "A" or eventName eq "B"']);
  });
});

describe('spl tstats: nodename of a CIM dataset with a one-value constraint', () => {
  it('nodename=Authentication.Failed_Authentication is Authentication.action="failure" (potential_password_in_username)', () => {
    expect(spl('| tstats count from datamodel=Authentication where nodename=Authentication.Failed_Authentication by Authentication.user').lines).toEqual([
      'Authentication.action eq "failure"',
    ]);
  });
});

describe('spl join: two events, one filter each', () => {
  it('an inner join whose sides both filter is two stages, never one contradictory event (windows_uac_bypass_suspicious_escalation_behavior)', () => {
    const r = spl(
      '| tstats count from datamodel=Endpoint.Processes where Processes.process_integrity_level IN ("low","medium") by Processes.dest Processes.process_guid | `drop_dm_object_name(Processes)` | rename process_guid as g | join dest g [| tstats count from datamodel=Endpoint.Processes where Processes.process_integrity_level IN ("high","system") AND Processes.process_name=fodhelper.exe by Processes.dest Processes.parent_process_guid | `drop_dm_object_name(Processes)` | rename parent_process_guid as g]',
    );
    expect(r.lines).toEqual([]);
    expect(r.stages?.map((s) => s.lines)).toEqual([
      ['Processes.process_integrity_level in ["low", "medium"]'],
      ['Processes.process_integrity_level in ["high", "system"]', 'Processes.process_name eq "fodhelper.exe"'],
    ]);
    expect(r.correlation).toEqual({ kind: 'join', by: ['dest', 'g'], detail: 'inner' });
    expect(r.reasons).toEqual([]);
  });
});

describe('spl join of a search with itself', () => {
  it('each side keeps its filter; the subsearch\'s aggregation is in the join condition (circle_ci_disable_security_step)', () => {
    const r = spl('`cloudtrail` | join job_id [search `cloudtrail` | stats count by job_id | where count > 2]');
    expect(r.stages?.map((s) => s.lines)).toEqual([['sourcetype eq "aws:cloudtrail"'], ['sourcetype eq "aws:cloudtrail"']]);
    expect(r.correlation?.condition).toBe('subsearch 1 stats by job_id: count > 2');
  });
});

describe('spl append: the appended search is another branch', () => {
  it('rows of either search go on, so the tree is either filter (aws_network_access_control_list_created_with_all_open_ports)', () => {
    const r = spl('`cloudtrail` eventName=CreateNetworkAclEntry aclProtocol=-1 | append [search `cloudtrail` eventName=CreateNetworkAclEntry aclProtocol!=-1 portRange.to=65535] | stats count by src');
    expect(r.lines).toEqual([
      'sourcetype eq "aws:cloudtrail"',
      'eventName eq "CreateNetworkAclEntry"',
      'aclProtocol eq -1 or (aclProtocol ne -1 and portRange.to eq 65535)',
    ]);
    expect(r.reasons).toEqual(['append']);
  });
  it('an appended search without a filter leaves the tree as it was', () => {
    expect(spl('a=1 | append [| inputlookup baseline] | stats count by a').lines).toEqual(['a eq 1']);
  });
});

describe('spl append: what both sides require stays a top-level conjunct', () => {
  it('(A and B) or (A and C) reads A, then B or C', () => {
    expect(spl('`cloudtrail` a=1 | append [search `cloudtrail` a=1 b=2]').lines).toEqual(['sourcetype eq "aws:cloudtrail"', 'a eq 1']);
    expect(spl('`cloudtrail` eventName=A | append [search `cloudtrail` eventName=B]').lines).toEqual([
      'sourcetype eq "aws:cloudtrail"',
      'eventName eq "A" or eventName eq "B"',
    ]);
  });
});

describe('spl join: sides that read different fields', () => {
  it('each side is a stage with its own data model (detect_exchange_web_shell)', () => {
    const r = spl('| tstats count from datamodel=Endpoint.Processes where Processes.process_name=System by Processes.process_guid | `drop_dm_object_name(Processes)` | join process_guid [| tstats count from datamodel=Endpoint.Filesystem where Filesystem.file_name="*.aspx" by Filesystem.process_guid | `drop_dm_object_name(Filesystem)`]');
    expect(r.stages?.map((s) => [s.source, s.lines])).toEqual([
      ['Endpoint.Processes', ['Processes.process_name eq "System"']],
      ['Endpoint.Filesystem', ['Filesystem.file_name endswith ".aspx"']],
    ]);
  });
});

describe('spl top and rare keep only some values', () => {
  it('rare / top keep the N least / most common values: partial (kubernetes_*_detect_rbac_authorization_by_account)', () => {
    const r = spl('a=1 | rare user reason');
    expect(r.lines).toEqual(['a eq 1']);
    expect(r.reasons).toEqual(['rare: the 10 least common values']);
    expect(spl('a=1 | top limit=5 user').reasons).toEqual(['top: the 5 most common values']);
    expect(spl('a=1 | top limit=0 user').status).toBe('full');
    expect(spl('a=1 | top 20 user')).toMatchObject({ reasons: ['top: the 20 most common values'], outputs: ['user', 'count', 'percent'] });
  });
});
