/** ASIM parser parameters, unions with a member that filters nothing, and toscalar lists, on real Sentinel excerpts. */
import { describe, expect, it } from 'vitest';
import { analyzeKql } from '../../src/lib/languages/kql/extract.ts';
import { conjunctsOf, withoutLocations } from '../../src/lib/logic/tree.ts';

describe('ASIM parser parameters', () => {
  it('reads the filtering parameters as the where they stand for, in every union member', () => {
    // Solutions/Legacy IOC based Threat Protection/Analytic Rules/BariumIPIOC112020.yaml (abridged)
    const a = analyzeKql(`let IPList = dynamic(["216.24.185.74", "107.175.189.159"]);
    (union isfuzzy=true
    (OfficeActivity | extend SourceIPAddress = ClientIP | where SourceIPAddress in (IPList)),
    (_Im_Dns (response_has_any_prefix=IPList) | extend DestinationIPAddress = ResponseName),
    (_Im_NetworkSession (starttime=ago(1d), srcipaddr_has_any_prefix=IPList)))`);
    expect(a.reasons).toEqual([]);
    const [c] = conjunctsOf(a.condition).map(withoutLocations);
    expect(c.type).toBe('or');
    const leaves = c.type === 'or' ? c.children : [];
    expect(leaves).toContainEqual(expect.objectContaining({ field: 'ResponseName', kind: 'contains', match: 'term', values: ['216.24.185.74', '107.175.189.159'] }));
    expect(leaves).toContainEqual(expect.objectContaining({ field: 'SrcIpAddr', kind: 'contains', match: 'term' }));
  });

  it('names a parameter it cannot read instead of ignoring it', () => {
    const a = analyzeKql(`_Im_WebSession (srchostname_has_any=dynamic(["a"])) | where Url has "x"`);
    expect(a.reasons).toEqual(['ASIM parameter: srchostname_has_any']);
  });
});

describe('unions', () => {
  it('says so when a member filters nothing of its own, instead of dropping the other members’ filters', () => {
    // Solutions/Azure Firewall/Analytic Rules/Azure Firewall - Multiple Sources Affected by the Same TI Destination.yaml (abridged)
    const a = analyzeKql(`union isfuzzy=true
    (AzureDiagnostics | where OperationName in ("AzureFirewallThreatIntelLog")),
    (AZFWThreatIntel)
    | summarize dcount(SourceIp) by DestinationIp`);
    expect(a.reasons).toContain('union member with no filter of its own: AZFWThreatIntel');
  });
});

describe('toscalar lists', () => {
  it('reads toscalar(Q | summarize make_list(X)) used as a list as the query that gives the list', () => {
    // Solutions/Web Session Essentials/Analytic Rules/KnownMaliciousUserAgents.yaml (abridged)
    const a = analyzeKql(`let knownUserAgents = toscalar(_GetWatchlist("KnownUA") | summarize make_list(UserAgent));
    _Im_WebSession(httpuseragent_has_any=knownUserAgents)`);
    expect(a.reasons).toEqual([]);
    expect(conjunctsOf(a.condition).map(withoutLocations)).toEqual([
      expect.objectContaining({ field: 'HttpUserAgent', kind: 'contains', listRef: 'knownUserAgents' }),
    ]);
  });
});

describe('toscalar of a let-bound list query', () => {
  it('reads toscalar(Name) when Name is `Q | summarize make_set(X)` as the list Q gives', () => {
    // Solutions/DNS Essentials/Analytic Rules/DNSRequestToKnownDomainIOCs.yaml (abridged)
    const a = analyzeKql(`let DNS_IOCs = materialize(_GetWatchlist('DNS_Solution_Domain_IOCs') | where wl_Type == 'Detection');
    let Dynamic_DomainList = DNS_IOCs | summarize make_set(wl_DNSDomain);
    _Im_Dns(starttime=ago(1h), domain_has_any=toscalar(Dynamic_DomainList))`);
    expect(a.reasons).toEqual([]);
    // The parser's stage filters on the list; the list is a stage of its own, from the watchlist, and an indicator match.
    const [events, list] = a.stages ?? [];
    expect(events.conjuncts.map(withoutLocations)).toEqual([
      expect.objectContaining({ field: 'DnsQuery', kind: 'contains', match: 'term', listRef: 'Dynamic_DomainList' }),
    ]);
    expect(list).toMatchObject({ name: 'Dynamic_DomainList', role: 'list', source: 'watchlist "DNS_Solution_Domain_IOCs"' });
    expect(a.correlation).toMatchObject({ kind: 'indicator_match', by: ['DnsQuery'] });
  });
});

describe('lists in the Indicators table', () => {
  it('names a list another query gives as the list, never as a literal value', async () => {
    const { indicatorsOf } = await import('../../src/lib/logic/sections.ts');
    // Solutions/Amazon Web Services/Analytic Rules/AWS_APIfromTor.yaml (abridged)
    const a = analyzeKql(`let TorNodes = (externaldata (TorIP:string) [h@'https://example.invalid/tor.csv'] with (ignoreFirstRecord=true));
    AWSCloudTrail | where SourceIpAddress in (TorNodes) and isempty(ErrorCode)`);
    const rows = indicatorsOf(a.stages?.[0].conjuncts ?? []);
    expect(rows.find((r) => r.field === 'SourceIpAddress')?.values).toEqual(['$TorNodes']);
  });
});
