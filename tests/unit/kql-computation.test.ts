/**
 * KQL computation within one table, on excerpts of real Sentinel rules (file named above each test): parse columns,
 * filters over aggregates, make-series anomalies, switches bound by let, computed comparisons. Each is stated in the
 * tree or the correlation instead of left out as a partial reason.
 */
import { describe, expect, it } from 'vitest';
import { analyzeKql } from '../../src/lib/languages/kql/extract.ts';
import { decideLeaf } from '../../src/lib/logic/evaluate.ts';
import { conjunctsOf, leaf, not, withoutLocations } from '../../src/lib/logic/tree.ts';
import type { Leaf } from '../../src/lib/logic/types.ts';

const conjuncts = (query: string) => conjunctsOf(analyzeKql(query).condition).map(withoutLocations);

describe('KQL parse columns', () => {
  // Solutions/Legacy IOC based Threat Protection/Analytic Rules/IridiumIOCs.yaml (AzureDiagnostics member)
  const firewall = `AzureDiagnostics
  | where ResourceType == "AZUREFIREWALLS"
  | parse msg_s with Protocol 'request from ' SourceHost ':' SourcePort 'to ' DestinationHost ':' DestinationPort '. Action:' Action
  | where isnotempty(DestinationHost)
  | where DestinationHost has_any ("154.223.45.38", "185.141.207.140")`;

  it('names the parse as written on a leaf of its column, without a reason', () => {
    const a = analyzeKql(firewall);
    expect(a.reasons).toEqual([]);
    const [, empty, has] = conjunctsOf(a.condition) as Leaf[];
    const field = "(parse msg_s with Protocol 'request from ' SourceHost ':' SourcePort 'to ' DestinationHost ':' DestinationPort '. Action:' Action).DestinationHost";
    expect(empty).toMatchObject({ field, kind: 'is_not_null', match: 'empty', computed: ['parse'] });
    expect(has).toMatchObject({ field, kind: 'contains', values: ['154.223.45.38', '185.141.207.140'], match: 'term', computed: ['parse'] });
  });

  it('runs the cut as a capture, so the evaluator decides the leaf', () => {
    const has = conjunctsOf(analyzeKql(firewall).condition)[2] as Leaf;
    expect(has.derive?.from).toBe('msg_s');
    const msg = (host: string) => ({ msg_s: `HTTPS request from 10.0.0.4:51234 to ${host}:443. Action: Deny. Rule Collection: x` });
    expect(decideLeaf(has, msg('154.223.45.38'))).toBe(true);
    expect(decideLeaf(has, msg('example.org'))).toBe(false);
  });

  it('keeps only the rows parse-where can cut, as a regex leaf on the source', () => {
    const a = analyzeKql(`Syslog | parse-where SyslogMessage with * "Failed password for " User " from " SourceIP " port" * | where User != "root"`);
    expect(a.reasons).toEqual([]);
    const [match, user] = conjunctsOf(a.condition).map(withoutLocations);
    expect(match).toEqual(leaf('SyslogMessage', 'regex', ['^[\\s\\S]*?Failed password for ([\\s\\S]*?) from ([\\s\\S]*?) port[\\s\\S]*?'], { caseSensitive: true }));
    expect(user).toMatchObject({ type: 'not', child: { field: '(parse-where SyslogMessage with * "Failed password for " User " from " SourceIP " port" *).User' } });
  });

  it('reads typed columns as numbers and leaves regex flags unrun', () => {
    // Solutions/Microsoft Entra ID/Analytic Rules/FirstAppOrServicePrincipalCredential.yaml (typed columns)
    const typed = conjuncts(`AuditLogs | parse V with * "KeyIdentifier=" keyIdentifier:string ",KeyType=" keyType:long "]" * | where keyType > 3`)[0] as Leaf;
    expect(typed.derive?.steps.at(-1)).toEqual({ fn: 'number' });
    expect(decideLeaf(typed, { V: '[KeyIdentifier=abc,KeyType=7]' })).toBe(true);
    // Solutions/Threat Intelligence/Analytic Rules/IPEntity_AzureFirewall.yaml: flags=U makes every part ungreedy.
    const flagged = conjuncts(`AzureDiagnostics
      | parse kind=regex flags=U msg_s with Protocol 'request from ' SourceHost 'to ' DestinationHost @'\\.? Action: ' Firewall_Action @'\\.' Rest_msg
      | where Firewall_Action == "Deny"`)[0] as Leaf;
    expect(flagged.field).toMatch(/^\(parse kind=regex flags=U msg_s with .*\)\.Firewall_Action$/);
    expect(flagged.derive).toBeUndefined();
  });
});

describe('KQL filters over aggregates', () => {
  it('counts array_length of a make_set as distinct values, with the let-bound threshold', () => {
    // Solutions/Microsoft 365/Analytic Rules/MultipleTeamsDeletes.yaml
    const a = analyzeKql(`let max_delete_count = 3;
    OfficeActivity
    | where OfficeWorkload =~ "MicrosoftTeams"
    | where Operation =~ "TeamDeleted"
    | summarize StartTime = min(TimeGenerated), EndTime = max(TimeGenerated), DeletedTeams = make_set(TeamName) by UserId
    | where array_length(DeletedTeams) > max_delete_count`);
    expect(a.reasons).toEqual([]);
    expect(a.correlation).toEqual({
      kind: 'distinct_count',
      by: ['UserId'],
      detail: 'summarize',
      condition: 'array_length(DeletedTeams) > max_delete_count (max_delete_count = 3)',
    });
  });

  it('keeps datetime_diff over aggregates in the condition', () => {
    // Solutions/Amazon Web Services/Analytic Rules/SuspiciousAWSEC2ComputeResourceDeployments.yaml
    const a = analyzeKql(`AWSCloudTrail
    | where EventName =~ "RunInstances"
    | summarize Start= min(TimeGenerated), end= max(TimeGenerated), totalgpu= sum(totalCorecompute) by SourceIpAddress, UserAgent
    | where totalgpu > 800
    | where datetime_diff('hour', end, Start) < 8`);
    expect(a.reasons).toEqual([]);
    expect(a.correlation).toMatchObject({ kind: 'aggregation', by: ['SourceIpAddress', 'UserAgent'], condition: "totalgpu > 800 and datetime_diff('hour', end, Start) < 8" });
  });

  it('states make-series and series_decompose_anomalies: the anomaly columns are defined in the condition', () => {
    // Solutions/Windows Security Events/Analytic Rules/TimeSeriesAnomaly-ProcessExecutions.yaml (TimeSeriesAlerts)
    const a = analyzeKql(`let starttime = 14d;
    let endtime = 1d;
    let timeframe = 1h;
    let TotalEventsThreshold = 5;
    let ExeList = dynamic(["powershell.exe","cmd.exe","wmic.exe","psexec.exe","cacls.exe","rundll32.exe"]);
    SecurityEvent
    | where EventID == 4688 | extend Process = tolower(Process)
    | where TimeGenerated between (startofday(ago(starttime))..startofday(ago(endtime)))
    | where Process in~ (ExeList)
    | project TimeGenerated, Computer, AccountType, Account, Process
    | make-series Total=count() on TimeGenerated from startofday(ago(starttime)) to startofday(ago(endtime)) step timeframe by Process
    | extend (anomalies, score, baseline) = series_decompose_anomalies(Total, 1.5, -1, 'linefit')
    | mv-expand Total to typeof(double), TimeGenerated to typeof(datetime), anomalies to typeof(double), score to typeof(double), baseline to typeof(long)
    | where anomalies > 0
    | project Process, TimeGenerated, Total, baseline, anomalies, score
    | where Total > TotalEventsThreshold`);
    expect(a.reasons).toEqual([]);
    expect(a.correlation).toEqual({
      kind: 'aggregation',
      by: ['Process'],
      window: 'timeframe',
      detail: 'make-series',
      condition:
        "anomalies > 0 ((anomalies, score, baseline) = series_decompose_anomalies(Total, 1.5, -1, 'linefit')) and Total > TotalEventsThreshold (TotalEventsThreshold = 5)",
    });
  });

  it('states the aggregation of a function applied to several tables once, when it groups by table', () => {
    // Solutions/Microsoft Entra ID/Analytic Rules/DistribPassCrackAttempt.yaml
    const rule = (by: string) => `let s_threshold = 30;
    let l_threshold = 3;
    let aadFunc = (tableName:string){
    table(tableName)
    | where OperationName =~ "Sign-in activity"
    | where ResultType in ("50126", "50053" , "50055", "50056")
    | extend LocationString = strcat(tostring(LocationDetails.countryOrRegion), "/", tostring(LocationDetails.state), "/", tostring(LocationDetails.city))
    | summarize StartTime = min(TimeGenerated), EndTime = max(TimeGenerated), LocationCount=dcount(LocationString), SigninCount = count() by ${by}
    | where SigninCount > s_threshold and LocationCount >= l_threshold};
    let aadSignin = aadFunc("SigninLogs");
    let aadNonInt = aadFunc("AADNonInteractiveUserSignInLogs");
    union isfuzzy=true aadSignin, aadNonInt`;
    const a = analyzeKql(rule('UserPrincipalName, Type'));
    expect(a.reasons).toEqual([]);
    expect(a.correlation).toEqual({
      kind: 'aggregation',
      by: ['UserPrincipalName', 'Type'],
      detail: 'summarize',
      condition: 'SigninCount > s_threshold and LocationCount >= l_threshold (s_threshold = 30, l_threshold = 3)',
    });
    // Without the table among the keys, one aggregation over the union would count both tables' rows together.
    expect(analyzeKql(rule('UserPrincipalName')).reasons[0]).toMatch(/^threshold over aggregate: summarize by UserPrincipalName: /);
  });

  it('says where a threshold read from a let-bound query comes from', () => {
    // Solutions/DNS Essentials/Analytic Rules/MultipleErrorsReportedForSameDNSQueryStaticThresholdBased.yaml
    const a = analyzeKql(`let threshold = materialize (_GetWatchlist('DNS_Solution_Monitoring_Configuration')
      | where wl_RuleName == 'Multiple errors reported for same DNSQuery' and wl_Type == 'Detection'
      | project toint(wl_Threshold));
    let errors = dynamic(['NXDOMAIN', 'SERVFAIL', 'REFUSED']);
    _Im_Dns(starttime=ago(1h))
      | where EventResultDetails has_any (errors)
      | summarize SrcIPs = make_set(SrcIpAddr, 100) by DnsQuery, bin(TimeGenerated, 10min)
      | where array_length(SrcIPs) >= toscalar(threshold)`);
    expect(a.correlation).toEqual({
      kind: 'distinct_count',
      by: ['DnsQuery'],
      window: '10min',
      detail: 'summarize',
      condition:
        "array_length(SrcIPs) >= toscalar(threshold) (threshold = materialize (_GetWatchlist('DNS_Solution_Monitoring_Configuration') | where wl_RuleName == 'Multiple errors reported for same DNSQuery' and wl_Type == 'Detection' | project toint(wl_Threshold)))",
    });
  });

  it('keeps the reason when the anomaly function reads no aggregation the tree states', () => {
    expect(analyzeKql(`T | extend (a, s, b) = series_decompose_anomalies(Counts) | where a > 0`).reasons).toContain('machine learning: series_decompose_anomalies');
  });
});

describe('KQL constants and computed comparisons', () => {
  it('folds let-bound switches: a filter switched off is dropped, one switched on applies', () => {
    // Solutions/Azure Firewall/Analytic Rules/Azure Firewall - DDoS attack detected.yaml
    const a = analyzeKql(`let EnableCategoryFilter    = true;
    let EnableDescriptionFilter = false;
    let CategoriesOfInterest = dynamic(["Attempted Denial of Service", "Denial of Service"]);
    let DescriptionsOfInterest = dynamic(["attempted-dos"]);
    AZFWIdpsSignature
    | where (EnableCategoryFilter == false) or (Category has_any (CategoriesOfInterest))
    | where (EnableDescriptionFilter == false) or (Description has_any (DescriptionsOfInterest))`);
    expect(a.reasons).toEqual([]);
    expect(conjunctsOf(a.condition).map(withoutLocations)).toEqual([
      leaf('Category', 'contains', ['Attempted Denial of Service', 'Denial of Service'], { caseSensitive: false, match: 'term' }),
    ]);
    expect(analyzeKql('let Off = false; T | where Off and A == 1').reasons).toEqual(['constant condition: Off and A == 1']);
  });

  it('reads numeric conversions of constants as values', () => {
    // Solutions/PaloAlto-PAN-OS/Analytic Rules/PaloAlto-PortScanning.yaml
    expect(conjuncts('CommonSecurityLog | where DestinationPort !between (toint(49512) .. toint(65535))')).toEqual([
      not({ type: 'and', children: [leaf('DestinationPort', 'gte', [49512]), leaf('DestinationPort', 'lte', [65535])] }),
    ]);
  });

  it('states a comparison of two computed values as one computed leaf', () => {
    // Solutions/Box/Analytic Rules/BoxNewExternalUser.yaml
    const a = analyzeKql(`BoxEvents
    | where EventType =~ 'NEW_USER'
    | extend corp_domain = extract(@'@(.*)', 1, SourceLogin)
    | extend new_domain = tolower(extract(@'@(.*)', 1, SourceLogin))
    | where corp_domain != new_domain`);
    expect(a.reasons).toEqual([]);
    expect(conjunctsOf(a.condition).map(withoutLocations)[1]).toEqual(
      leaf("extract(@'@(.*)', 1, SourceLogin) != tolower(extract(@'@(.*)', 1, SourceLogin))", 'eq', [true], { computed: ['extract', 'tolower'] }),
    );
  });

  it('prints typeof() arguments in computed values', () => {
    // Solutions/Web Session Essentials/Analytic Rules/PotentiallyHarmfulFileTypes.yaml
    const a = analyzeKql(`let mal_file_exts_list = dynamic([".exe", ".dll"]);
    _Im_WebSession (url_has_any=mal_file_exts_list,eventresult='Success')
    | extend requestedFileName=tostring(split(tostring(parse_url(Url)["Path"]),'/')[-1])
    | extend requestedFileExt=extract(@'(\\.\\w+)$',1,requestedFileName, typeof(string))
    | where requestedFileExt in (mal_file_exts_list)`);
    expect(a.reasons).toEqual([]);
    // The ASIM parser's parameters are its own where: Url has any of the extensions, and the result is Success.
    const [urlHasAny, success, extension] = conjunctsOf(a.condition).map(withoutLocations);
    expect(urlHasAny).toMatchObject({ field: 'Url', kind: 'contains', match: 'term', values: ['.exe', '.dll'] });
    expect(success).toMatchObject({ field: 'EventResult', kind: 'eq', values: ['Success'] });
    expect(extension).toMatchObject({
      field: "extract(@'(\\.\\w+)$', 1, tostring(split(tostring(parse_url(Url).Path), '/')[-1]), typeof(string))",
      kind: 'in',
      values: ['.exe', '.dll'],
    });
  });

  it('states an empty placeholder list as the leaf it is, without a reason', () => {
    // Solutions/Microsoft Entra ID/Analytic Rules/AccountCreatedDeletedByNonApprovedUser.yaml
    const a = analyzeKql(`let nonapproved_users = dynamic([]);
    AuditLogs
    | where InitiatedBy.user.userPrincipalName has_any (nonapproved_users)`);
    expect(a.reasons).toEqual([]);
    expect(conjunctsOf(a.condition).map(withoutLocations)).toEqual([leaf('InitiatedBy.user.userPrincipalName', 'contains', [], { match: 'term' })]);
  });
});

describe('KQL Windows event data through bag_unpack and pivot', () => {
  // Solutions/Windows Security Events/Analytic Rules/ScheduleTaskHide.yaml
  const query = `SecurityEvent
  | where EventID == 4657
  | extend EventData = parse_xml(EventData).EventData.Data
  | mv-expand bagexpansion=array EventData
  | evaluate bag_unpack(EventData)
  | extend Key = tostring(column_ifexists('@Name', "")), Value = column_ifexists('#text', "")
  | evaluate pivot(Key, any(Value), TimeGenerated, TargetAccount, Computer, EventSourceName, Channel, Task, Level, EventID, Activity, TargetLogonId, SourceComputerId, EventOriginId, Type, _ResourceId, TenantId, SourceSystem, ManagementGroupName, IpAddress, Account)
  | extend ObjectName = column_ifexists('ObjectName', ""), OperationType = column_ifexists('OperationType', ""), ObjectValueName = column_ifexists('ObjectValueName', "")
  | where ObjectName has 'Schedule\\\\TaskCache\\\\Tree' and ObjectValueName == "SD" and OperationType == "%%1906"`;

  it('tests each pivoted column on the Data element that names it', () => {
    const a = analyzeKql(query);
    expect(a.reasons).toEqual([]);
    const element = (name: string, test: Leaf) => ({
      type: 'scope',
      quantifier: 'any',
      field: 'EventData.EventData.Data',
      child: { type: 'and', children: [leaf('@Name', 'eq', [name], { caseSensitive: true }), test] },
    });
    expect(conjunctsOf(a.condition).map(withoutLocations)).toEqual([
      leaf('EventID', 'eq', [4657], { caseSensitive: true }),
      element('ObjectName', leaf('#text', 'contains', ['Schedule\\TaskCache\\Tree'], { caseSensitive: false, match: 'term' })),
      element('ObjectValueName', leaf('#text', 'eq', ['SD'], { caseSensitive: true })),
      element('OperationType', leaf('#text', 'eq', ['%%1906'], { caseSensitive: true })),
    ]);
  });

  it('keeps a computation over one pivoted column inside its element, and a kept column a plain field', () => {
    // Solutions/Windows Security Events/Analytic Rules/ADFSDBNamedPipeConnection.yaml (the Image column)
    const a = analyzeKql(`${query}\n  | extend process = split(ObjectName, '\\\\', -1)[-1]\n  | where process =~ "svchost.exe" and Computer == "dc1"`);
    const [, , , , computedTest, kept] = conjunctsOf(a.condition).map(withoutLocations);
    expect(computedTest).toMatchObject({ type: 'scope', child: { children: [{ values: ['ObjectName'] }, { field: "split(#text, '\\\\', -1)[-1]", computed: ['split'] }] } });
    expect(kept).toEqual(leaf('Computer', 'eq', ['dc1'], { caseSensitive: true }));
  });
});
