/**
 * Filters on columns the search computes (rex, iplocation, eval arithmetic, constants) on excerpts of real
 * splunk/security_content detections: the leaf names the computation as written, never a bare column name.
 */
import { describe, expect, it } from 'vitest';
import { decideConjuncts } from '../../src/lib/logic/evaluate.ts';
import { spl } from '../fixtures/splunk/spl.ts';

describe('SPL filters on computed columns', () => {
  it('a rex column is a leaf on the rex over the field it reads, evaluable as a capture (file_with_samsam_extension)', () => {
    const r = spl(
      '| tstats count from datamodel=Endpoint.Filesystem by Filesystem.file_name | `drop_dm_object_name(Filesystem)` | rex field=file_name "(?<file_extension>\\.[^\\.]+)$" | search file_extension=.stubbin OR file_extension=.berkshire',
    );
    expect(r.status).toBe('full');
    expect(r.reasons).toEqual([]);
    const rexed = 'rex field=Filesystem.file_name "(?<file_extension>\\.[^\\.]+)$"';
    expect(r.lines).toEqual([`${rexed} eq ".stubbin" or ${rexed} eq ".berkshire"`]);
    const leaf = (r.conjuncts[0] as { children: unknown[] }).children[0];
    expect(leaf).toMatchObject({ computed: ['rex'], derive: { from: 'Filesystem.file_name', steps: [{ fn: 'capture', args: ['(?<file_extension>\\.[^\\.]+)$', 'file_extension'] }] } });
    expect(decideConjuncts(r.conjuncts, { Filesystem: { file_name: 'report.pdf.stubbin' } })).toBe(true);
    expect(decideConjuncts(r.conjuncts, { Filesystem: { file_name: 'report.pdf' } })).toBe(false);
  });

  it('a rex with several groups names the group; options such as max_match stay written and give no capture', () => {
    const r = spl('a=1 | rex field=_raw "\\[(?<protocol>HTTPS|HTTP):(?<session_id>[^\\:]+)\\]" | search protocol=HTTPS');
    expect(r.lines[1]).toBe('rex field=_raw "\\[(?<protocol>HTTPS|HTTP):(?<session_id>[^\\:]+)\\]" → protocol eq "HTTPS"');
    const many = spl('a=1 | rex field=msg max_match=0 "(?<part>\\w+)" | search part=x');
    expect(many.lines[1]).toBe('rex field=msg max_match=0 "(?<part>\\w+)" eq "x"');
    expect(many.conjuncts[1]).not.toHaveProperty('derive');
    // A pattern the evaluator cannot compile gives no capture either.
    expect(spl('a=1 | rex field=msg "(?i)(?<part>\\w+)" | search part=x').conjuncts[1]).not.toHaveProperty('derive');
  });

  it('rex columns of aggregated values are a filter after aggregation, said with their rex (windows_ad_object_owner_updated)', () => {
    const r = spl(
      'EventCode=5136 | stats min(_time) as _time values(eval(if(OperationType=="%%14675",AttributeValue,null))) as old_value values(eval(if(OperationType=="%%14674",AttributeValue,null))) as new_value by ObjectDN | rex field=old_value "O:(?P<old_owner>.*?)G:" | rex field=new_value "O:(?P<new_owner>.*?)G:" | where old_owner!=new_owner',
    );
    expect(r.status).toBe('full');
    expect(r.correlation?.condition).toBe('old_owner != new_owner (old_owner=rex field=old_value "O:(?P<old_owner>.*?)G:", new_owner=rex field=new_value "O:(?P<new_owner>.*?)G:")');
  });

  it('iplocation columns are leaves naming iplocation and the IP field (kubernetes_abuse_of_secret_by_unusual_location)', () => {
    const r = spl('objectRef.resource=secrets verb=get | iplocation sourceIPs{} | fillnull | search NOT Country="United States"');
    expect(r.status).toBe('full');
    expect(r.lines).toEqual(['objectRef.resource eq "secrets"', 'verb eq "get"', 'not iplocation sourceIPs{} → Country eq "United States"']);
    expect(r.conjuncts[2]).toMatchObject({ child: { computed: ['iplocation'] } });
    expect(r.conjuncts[2]).not.toHaveProperty('child.derive');
    expect(spl('a=1 | iplocation prefix=src_ src_ip | search src_City=Paris').lines[1]).toBe('iplocation prefix=src_ src_ip → City eq "Paris"');
  });

  it('a field compared with a computed column is a leaf on the computation with the other field (windows_unusual_ntlm_authentication_users_by_source, aws_cross_account_activity...)', () => {
    const ntlm = spl('EventCode = 8004 SChannelName=* WorkstationName=* | eval src = replace(WorkstationName,"\\\\\\\\","") | where SChannelName!=src');
    expect(ntlm.status).toBe('full');
    expect(ntlm.conjuncts[3]).toMatchObject({ field: 'replace(WorkstationName, "\\\\\\\\", "")', kind: 'ne', otherField: 'SChannelName', computed: ['replace'] });
    const aws = spl(
      '| tstats min(_time) as firstTime from datamodel=Authentication where Authentication.signature=AssumeRole by Authentication.vendor_account Authentication.user_role | `drop_dm_object_name(Authentication)` | rex field=user_role "arn:aws:sts:*:(?<dest_account>.*):" | where vendor_account != dest_account',
    );
    expect(aws.conjuncts[1]).toMatchObject({ field: 'rex field=Authentication.user_role "arn:aws:sts:*:(?<dest_account>.*):"', kind: 'ne', otherField: 'Authentication.vendor_account' });
    // The comparison is read from the computed side: a < b is b > a.
    expect(spl('a=1 | eval n=len(cmd) | where limit < n').conjuncts[1]).toMatchObject({ field: 'len(cmd)', kind: 'gt', otherField: 'limit' });
    // Two computed sides: no leaf says that.
    expect(spl('a=1 | rex field=Image "(?<p>.+\\\\)" | rex field=ImageLoaded "(?<q>.+\\\\)" | where p = q').status).toBe('partial');
  });

  it('a constant eval compared with a field is a comparison with its value (email_servers_sending_high_volume_traffic_to_hosts)', () => {
    const r = spl(
      '| tstats sum(All_Traffic.bytes_out) as bytes_out from datamodel=Network_Traffic where All_Traffic.src_category=email_server by All_Traffic.dest_ip _time span=1d | `drop_dm_object_name("All_Traffic")` | eventstats count as num_data_samples by dest_ip | eval minimum_data_samples = 4, deviation_threshold = 3 | where num_data_samples >= minimum_data_samples',
    );
    expect(r.status).toBe('full');
    expect(r.correlation?.condition).toBe('num_data_samples >= minimum_data_samples (minimum_data_samples=4)');
    expect(spl('a=1 | eval limit=100 | where bytes > limit').lines).toEqual(['a eq 1', 'bytes gt 100']);
    expect(spl('a=1 | eval limit=100 | where limit < bytes').lines).toEqual(['a eq 1', 'bytes gt 100']);
  });

  it('arithmetic written without spaces reads its fields (windows_applocker_rare_application_launch_detection)', () => {
    const r = spl('a=1 | stats dc(_time) as days, count by FullFilePath dest user | eventstats avg(count) as avg, stdev(count) as stdev | eval upperBound=(avg+stdev*3), lowerBound=(avg-stdev*3) | where count > upperBound OR count < lowerBound');
    expect(r.status).toBe('full');
    expect(r.correlation?.condition).toBe('count > upperBound OR count < lowerBound (upperBound=(avg+stdev*3), lowerBound=(avg-stdev*3))');
    // A call glued to the arithmetic before it (asl_aws_ecr_container_upload_outside_business_hours).
    const hours = spl('api.operation=PutImage | eval hour=strftime(time/pow(10,3), "%H") | where hour >= 20 OR hour < 8');
    expect(hours.status).toBe('full');
    expect(hours.lines[1]).toBe('strftime(time/pow(10, 3), "%H") gte 20 or strftime(time/pow(10, 3), "%H") lt 8');
  });

  it('evals of one-argument functions over a field are evaluable (detect_long_dns_txt_record_response)', () => {
    const r = spl('message_type=response record_type=TXT | eval anslen=len(answer) | search anslen>100');
    expect(r.conjuncts[2]).toMatchObject({ field: 'len(answer)', derive: { from: 'answer', steps: [{ fn: 'length' }] } });
    expect(decideConjuncts(r.conjuncts, { message_type: 'response', record_type: 'TXT', answer: 'x'.repeat(101) })).toBe(true);
    expect(decideConjuncts(r.conjuncts, { message_type: 'response', record_type: 'TXT', answer: 'short' })).toBe(false);
  });

  it('spath over a computed input is computed over that input (detect_new_open_s3_buckets)', () => {
    const r = spl(
      'eventSource=s3.amazonaws.com eventName=PutBucketAcl | rex field=_raw "(?<json_field>{.+})" | spath input=json_field output=grantees path=requestParameters.AccessControlPolicy.AccessControlList.Grant{} | search grantees=* | spath input=grantees output=permission path=Permission | search permission IN ("READ","WRITE")',
    );
    expect(r.status).toBe('full');
    const grants = 'spath input=(rex field=_raw "(?<json_field>{.+})") path=requestParameters.AccessControlPolicy.AccessControlList.Grant{}';
    expect(r.lines.slice(2)).toEqual([`${grants} is_not_null`, `spath input=(${grants}) path=Permission in ["READ", "WRITE"]`]);
  });

  it('an eval over lookup outputs is the lookups\' condition, said with its definitions (dynamic_dns_providers macro)', () => {
    const r = spl(
      '| tstats count from datamodel=Network_Resolution by DNS.query host | `drop_dm_object_name("DNS")` | lookup update=true dynamic_dns_providers_default dynamic_dns_domains as query OUTPUTNEW isDynDNS_default | lookup update=true dynamic_dns_providers_local dynamic_dns_domains as query OUTPUTNEW isDynDNS_local| eval isDynDNS = coalesce(isDynDNS_local,isDynDNS_default) |fields - isDynDNS_default, isDynDNS_local| search isDynDNS=True',
    );
    expect(r.status).toBe('full');
    expect(r.correlation).toEqual({
      kind: 'indicator_match',
      by: ['query'],
      condition: 'isDynDNS = True (isDynDNS=coalesce(isDynDNS_local, isDynDNS_default))',
      detail: 'dynamic_dns_providers_default, dynamic_dns_providers_local',
    });
  });

  it('a condition is said with every definition it rests on, whole (smb_traffic_spike)', () => {
    const r = spl('a=1 | stats count by src | eventstats avg(count) as avg, stdev(count) as stdev | eval upperBound=(avg+stdev*2), isOutlier=if(count > upperBound, 1, 0) | where isOutlier=1');
    expect(r.correlation?.condition).toBe('isOutlier = 1 (isOutlier=if(count > upperBound, 1, 0), upperBound=(avg+stdev*2))');
    const long = `case(${Array.from({ length: 12 }, (_, i) => `match(ImageLoaded, "lib${i}.dll"), 1`).join(', ')}, 1 = 1, 0)`;
    const cut = spl(`a=1 | stats count by host | eval hit=${long} | where hit == 1 AND count > 4`);
    expect(cut.correlation?.condition).toContain('1 = 1, 0)');
  });

  it('a [| inputlookup table | fields f] term is an indicator match on the table, as written (detect_aws_api_activities_from_unapproved_accounts)', () => {
    const r = spl(
      'errorCode=success | rename userName as identity | search NOT [| inputlookup identity_lookup_expanded | fields identity] | search NOT [| inputlookup aws_service_accounts | fields identity] | rename identity as user | stats count by user',
    );
    expect(r.status).toBe('full');
    expect(r.lines).toEqual(['errorCode eq "success"']);
    expect(r.correlation).toEqual({
      kind: 'indicator_match',
      by: ['identity'],
      condition: 'NOT [ | inputlookup identity_lookup_expanded | fields identity ] and NOT [ | inputlookup aws_service_accounts | fields identity ]',
      detail: 'identity_lookup_expanded, aws_service_accounts',
    });
    // Renamed columns are the ones matched (detect_unauthorized_assets_by_mac_address).
    expect(spl('a=1 | search NOT [| inputlookup asset_lookup_by_str |rename mac as dest_mac | fields + dest_mac]').correlation).toMatchObject({ by: ['dest_mac'] });
    // Beside an OR, without its columns, or with more than a table read: still a subsearch.
    expect(spl('a=1 | search b=2 OR [| inputlookup t | fields f]').reasons).toEqual(['subsearch']);
    expect(spl('a=1 | search NOT [| inputlookup t]').reasons).toEqual(['subsearch']);
    expect(spl('a=1 | search [| inputlookup t | where x=1 | fields f]').reasons).toEqual(['subsearch']);
  });
});
