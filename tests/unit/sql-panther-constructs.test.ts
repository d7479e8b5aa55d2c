/**
 * Golden tests on real Panther queries (panther-analysis/queries, excerpts as written there), checked by hand
 * against the source: time bounds relative to now as the look-back, computed values, array overlaps, QUALIFY,
 * IN-subqueries, joins with their ON conditions, and a WHERE over aggregated rows.
 */
import { describe, expect, it } from 'vitest';
import { extractSql } from '../../src/lib/languages/sql/index.ts';
import { decide } from '../../src/lib/logic/evaluate.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import type { Condition } from '../../src/lib/logic/types.ts';

const WINDOWS = { windowFunctions: ['p_occurs_since'] };
const sql = (text: string) => extractSql(text, 'q.sql', WINDOWS);

describe('sql (Panther queries): time bounds relative to now are the look-back', () => {
  it('Query.Snowflake.BruteForceByIp: DATEDIFF(HOUR, event_timestamp, CURRENT_TIMESTAMP) < 24', () => {
    const r = sql(`SELECT client_ip, reported_client_type, COUNT(event_id) AS counts
      FROM snowflake.account_usage.login_history
      WHERE DATEDIFF(HOUR, event_timestamp, CURRENT_TIMESTAMP) < 24 AND event_type = 'LOGIN' AND error_code is NOT NULL AND error_code != 394304
      GROUP BY client_ip, reported_client_type HAVING counts >= 5;`);
    expect(r.reasons).toEqual([]);
    expect(renderConjuncts(r.conjuncts)).toEqual(['event_type eq "LOGIN"', 'not error_code is_null', 'not error_code eq 394304']);
    expect(r.correlation).toEqual({ kind: 'threshold', by: ['client_ip', 'reported_client_type'], condition: 'counts >= 5', window: '24 hour' });
  });

  it('AWS S3 Large Download: p_event_time >= DATEADD(minute, -10, CURRENT_TIMESTAMP())', () => {
    const r = sql(`SELECT userIdentity:arn as user_arn, SUM(COALESCE(additionalEventData:bytesTransferredOut::int, 0)) as total_bytes_downloaded
      FROM panther_logs.public.aws_cloudtrail
      WHERE eventName = 'GetObject' AND errorCode IS NULL AND p_event_time >= DATEADD(minute, -10, CURRENT_TIMESTAMP())
      GROUP BY userIdentity:arn HAVING SUM(COALESCE(additionalEventData:bytesTransferredOut::int, 0)) > 1073741824`);
    expect(r.reasons).toEqual([]);
    expect(r.correlation).toMatchObject({ kind: 'aggregation', by: ['userIdentity.arn'], window: '10 minute' });
  });

  it('keeps an upper bound (rows older than a time) as a reason: it selects rows, it does not bound the look-back', () => {
    const r = sql("SELECT ip FROM panther_logs.public.gsuite_activityevent WHERE p_event_time < DATEADD(day, -1, CURRENT_TIMESTAMP()) AND name = 'authorize'");
    expect(renderConjuncts(r.conjuncts)).toEqual(['name eq "authorize"']);
    expect(r.reasons).toEqual(['< function DATEADD']);
  });
});

describe('sql (Panther queries): computed values and arrays', () => {
  const leafOf = (c: Condition | undefined) => (c?.type === 'leaf' ? c : undefined);

  it('Okta Username Above 52 Characters: LEN(actor:alternateId) >= 52 is a computed leaf the evaluator decides', () => {
    const r = sql("SELECT * FROM panther_logs.public.okta_systemlog WHERE p_occurs_since('7 days') AND eventType = 'user.session.start' AND LEN(actor:alternateId) >= 52");
    expect(r.reasons).toEqual([]);
    const len = leafOf(r.conjuncts[1])!;
    expect(len).toMatchObject({ field: 'LEN(actor:alternateId)', kind: 'gte', values: [52], computed: ['LEN'], derive: { from: 'actor.alternateId', steps: [{ fn: 'length' }] } });
    expect(decide(len, { actor: { alternateId: `${'a'.repeat(52)}@x.com` } })).toBe(true);
    expect(decide(len, { actor: { alternateId: 'short@x.com' } })).toBe(false);
  });

  it('AWS EC2 Discovery Commands: SPLIT_PART(...) LIKE as a computed prefix, QUALIFY over a partition as a distinct count', () => {
    const r = sql(`select *, count(distinct eventName) over (partition by userIdentity:arn) nActions
      from panther_logs.public.aws_cloudtrail
      where p_occurs_since(90m) and SPLIT_PART(userIdentity:arn, '/', -1) like 'i-%'
      and ARRAY_CONTAINS(eventName, ['GetCallerIdentity', 'ListBuckets'])
      qualify nActions > 2`);
    expect(r.reasons).toEqual([]);
    const part = leafOf(r.conjuncts[0])!;
    expect(part).toMatchObject({ field: "SPLIT_PART(userIdentity:arn, '/', -1)", kind: 'startswith', values: ['i-'], computed: ['SPLIT_PART'] });
    expect(part.derive).toEqual({ from: 'userIdentity.arn', steps: [{ fn: 'split', args: ['/'] }, { fn: 'index', args: [-1] }] });
    expect(decide(part, { userIdentity: { arn: 'arn:aws:sts::123:assumed-role/role/i-0abc' } })).toBe(true);
    expect(decide(part, { userIdentity: { arn: 'arn:aws:sts::123:assumed-role/role/alice' } })).toBe(false);
    expect(r.correlation).toEqual({ kind: 'distinct_count', by: ['userIdentity.arn'], condition: 'count(distinct eventName) > 2', window: '90m' });
  });

  it('Auth0 Brute Force: QUALIFY COUNT(*) OVER () > 4 is a threshold over all rows', () => {
    const r = sql(`SELECT data, COUNT(*) OVER () AS total_incidents FROM panther_logs.public.auth0_events
      WHERE data:type IN ('limit_mu', 'limit_sul', 'limit_wc') AND p_occurs_since('1 hour') QUALIFY COUNT(*) OVER () > 4`);
    expect(r.reasons).toEqual([]);
    expect(r.correlation).toEqual({ kind: 'threshold', by: [], condition: 'COUNT(*) > 4', window: '1 hour' });
  });

  it('Okta HAR File IOCs and Kubernetes Overly Permissive Pod: ARRAYS_OVERLAP and ARRAY_INTERSECTION(...) != [] are any-element scopes', () => {
    const har = sql("SELECT * FROM panther_logs.public.okta_systemlog WHERE p_occurs_since('1 day') AND (ARRAYS_OVERLAP(p_any_ip_addresses,ARRAY_CONSTRUCT('23.105.182.19', '104.251.211.122')) OR client:userAgent.rawUserAgent IN ('Mozilla/5.0'))");
    expect(har.reasons).toEqual([]);
    expect(renderConjuncts(har.conjuncts)).toEqual(['any p_any_ip_addresses (. in ["23.105.182.19", "104.251.211.122"]) or client.userAgent.rawUserAgent eq "Mozilla/5.0"']);
    const pod = sql("SELECT * FROM panther_logs.public.kubernetes_control_plane WHERE verb IN ('create', 'update') AND ARRAY_INTERSECTION(requestObject:spec:containers[0]:securityContext:capabilities:add, ARRAY_CONSTRUCT('BPF','NET_ADMIN','SYS_ADMIN')) != []");
    expect(pod.reasons).toEqual([]);
    expect(decide(pod.conjuncts[1], { requestObject: { spec: { containers: { securityContext: { capabilities: { add: ['CHOWN', 'SYS_ADMIN'] } } } } } })).toBe(true);
    expect(decide(pod.conjuncts[1], { requestObject: { spec: { containers: { securityContext: { capabilities: { add: ['CHOWN'] } } } } } })).toBe(false);
  });
});

describe('sql (Panther queries): subqueries, joins and aggregated rows', () => {
  it('Query.Snowflake.ThreatHunting.SuspectedUserActivity: BETWEEN a date AND CURRENT_TIMESTAMP is the lower bound', () => {
    const r = sql("SELECT * FROM snowflake.account_usage.query_history WHERE user_name = '<SUSPECTED_USER>' AND start_time BETWEEN '2024-04-01' AND CURRENT_TIMESTAMP ORDER BY start_time LIMIT 100;");
    expect(r.reasons).toEqual([]);
    expect(renderConjuncts(r.conjuncts)).toEqual(['user_name eq "<SUSPECTED_USER>"', 'start_time gte "2024-04-01"']);
  });

  it('Kubernetes Service with Type Node Port: a LATERAL FLATTEN the filter does not read keeps events whose list has an element', () => {
    const r = sql(`SELECT *, objectRef:name as service, VALUE:port as port
      FROM panther_logs.public.kubernetes_control_plane, lateral flatten(response_object:spec:ports)
      WHERE objectRef:resource = 'services' AND verb = 'create' AND requestObject:spec:type = 'NodePort' AND p_occurs_since('30 minutes') LIMIT 100`);
    expect(r.reasons).toEqual([]);
    expect(r.correlation).toBeUndefined();
    expect(renderConjuncts(r.conjuncts).at(-1)).toBe('any response_object.spec.ports (. is_not_null)');
    // A filter on the flattened values (VALUE, or the FLATTEN's alias) is a join the model does not state yet.
    expect(sql("SELECT * FROM db.s.t, lateral flatten(a:b) WHERE value:port = 1").reasons).toEqual(['join: JOIN subquery']);
    expect(sql("SELECT * FROM db.s.t, TABLE(FLATTEN(input => a, outer => true)) f WHERE x = 1").reasons).toEqual(['join: JOIN f']);
  });

  it('Okta Login From CrowdStrike Unmanaged Device: NOT IN (SELECT ...) is an anti join with the subquery as a stage', () => {
    const r = sql(`SELECT * FROM panther_logs.public.okta_systemlog
      WHERE p_occurs_since('1 hour') AND eventtype = 'user.session.start' AND client:ipAddress LIKE '%.%.%.%'
        AND client:ipAddress NOT IN ( SELECT DISTINCT aip FROM panther_logs.public.crowdstrike_aidmaster WHERE p_occurs_since('3 days') )`);
    expect(r.reasons).toEqual([]);
    expect(r.stages?.map((s) => [s.name, s.source, s.role, renderConjuncts(s.conjuncts)])).toEqual([
      [undefined, 'panther_logs.public.okta_systemlog', undefined, ['eventtype eq "user.session.start"', 'client.ipAddress wildcard "*.*.*.*"']],
      ['subquery', 'panther_logs.public.crowdstrike_aidmaster', 'anti join', []],
    ]);
    expect(r.correlation).toEqual({
      kind: 'join',
      by: ['client.ipAddress', 'aip'],
      detail: 'anti join (NOT IN)',
      condition: "client:ipAddress NOT IN ( SELECT DISTINCT aip FROM panther_logs.public.crowdstrike_aidmaster WHERE p_occurs_since('3 days') )",
      window: '1 hour',
    });
  });

  it('CrowdStrike Large Zip Creation: both LEFT JOINs stated with their ON conditions, in the order written', () => {
    const r = sql(`select ppr.commandline as parent_commandline, zip_proc.* from (
        select zips.*, pr2.parentprocessid as process_parentpid, pr2.commandline as process_commandline from (
          select * from panther_logs.public.crowdstrike_unknown where event_simpleName IN ('ZipFileWritten') and p_occurs_since('1 day')
        ) zips
        left join panther_logs.public.crowdstrike_processrollup2 pr2 on zips.ContextProcessId = pr2.targetprocessid
        where pr2.commandline like any('%zip%')
      ) zip_proc
      LEFT JOIN panther_logs.public.crowdstrike_processrollup2 ppr on zip_proc.process_parentpid = ppr.targetprocessid
      where ((parent_commandline is null) or not (parent_commandline like any ('%install%')))`);
    expect(r.reasons).toEqual([]);
    expect(r.stages?.map((s) => [s.name, s.role])).toEqual([
      ['zips', 'left'],
      ['pr2', 'left join'],
      ['zip_proc', 'left'],
      ['ppr', 'left join'],
      ['joined rows', undefined],
    ]);
    expect(r.correlation).toEqual({
      kind: 'join',
      by: ['zips.ContextProcessId', 'pr2.targetprocessid', 'zip_proc.process_parentpid', 'ppr.targetprocessid'],
      detail: 'left join, left join',
      condition: 'zips.ContextProcessId = pr2.targetprocessid and zip_proc.process_parentpid = ppr.targetprocessid',
      window: '1 day',
    });
  });

  it('Query.OTX.HighImpactPulses: a WHERE over the rows of a GROUP BY is the aggregation condition', () => {
    const r = sql(`WITH pulse_summary AS (
        SELECT id AS pulse_id, ANY_VALUE(adversary) AS adversary, ANY_VALUE(malware_families) AS malware_families, COUNT(*) AS indicator_count
        FROM panther_lookups.public.otx_pulses WHERE p_occurs_since('30 days') GROUP BY id)
      SELECT pulse_id, adversary FROM pulse_summary
      WHERE (adversary IS NOT NULL AND adversary <> '') OR ARRAY_SIZE(malware_families) > 0`);
    expect(r.reasons).toEqual([]);
    expect(r.correlation).toEqual({ kind: 'aggregation', by: ['id'], condition: "(adversary IS NOT NULL AND adversary <> '') OR ARRAY_SIZE(malware_families) > 0", window: '30 days' });
  });
});
