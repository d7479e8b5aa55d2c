/**
 * Panther queries whose logic is a template call or a condition on their rows, read through the Panther format
 * (excerpts of real files in panther-analysis/queries, checked by hand against the source and macros/anomalies.yml).
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { pantherFormat } from '../../src/lib/formats/panther/index.ts';
import type { CorpusView } from '../../src/lib/formats/types.ts';
import { createSourceContext } from '../../src/lib/catalog.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';

const root = fileURLToPath(new URL('../fixtures/panther', import.meta.url));
const corpus: CorpusView = { findByUpstreamId: () => undefined };
const logicOf = (rel: string, text: string) => {
  const ctx = createSourceContext('demo', root, { url: 'https://example.com', commit: 'abc' });
  const rule = pantherFormat.parseFile(rel, text, ctx).rules[0];
  return pantherFormat.extractLogic!(rule, ctx, corpus);
};

const ENTRA_CONSENT = `AnalysisType: saved_query
QueryName: "Microsoft Entra ID Anomalous Application Consent"
Query: |-
  -- pragma: template

  {% import 'anomalies' new_unique_values %}

  with subquery as (
      SELECT
        p_event_time,
        properties:initiatedBy:user:userPrincipalName AS user_principal_name,
        properties:additionalDetails:value AS app_id
      FROM panther_logs.public.azure_audit
      WHERE
        p_occurs_since('14 day')
        AND category = 'AuditLogs'
        AND operationName = 'Consent to application'
      LIMIT 10000
  ),
  {{ new_unique_values('subquery', 'user_principal_name', 'app_id', '1h') }}
`;

const SNOWFLAKE_SESSIONS = `AnalysisType: saved_query
QueryName: Suspicious Snowflake Sessions - Unusual Application
Query: |
  select
      CLIENT_ENVIRONMENT:APPLICATION as client_application,
      min(CREATED_ON) as first_seen,
      count(*) as n_sessions
  from panther_logs.public.snowflake_sessions
  where p_occurs_since(90d)
  group by client_application
  having n_sessions > 50
      and first_seen > timeadd('day', -10, p_current_timestamp())
`;

const OKTA_SESSION = `AnalysisType: saved_query
QueryName: "Okta Investigate Session ID Activity"
Query: |
  SELECT p_event_time as event_time, actor:alternateId as actor_email
  FROM panther_logs.public.okta_systemlog
  WHERE p_occurs_since('7 days')
  ORDER BY event_time DESC
`;

describe('panther queries: templates and conditions on rows', () => {
  it('new_unique_values(subquery, entity, value, interval) is a new-terms correlation over the subquery', () => {
    const logic = logicOf('queries/azure_queries/Entra_ID_Anomalous_Application_Consent_Query.yml', ENTRA_CONSENT);
    expect(logic.status).toBe('full');
    expect(logic.reasons).toEqual([]);
    expect(renderConjuncts(logic.conjuncts)).toEqual(['category eq "AuditLogs"', 'operationName eq "Consent to application"']);
    expect(logic.correlation).toEqual({
      kind: 'new_terms',
      by: ['user_principal_name', 'app_id'],
      window: '1h',
      detail: '14 day',
      condition: 'app_id seen for a user_principal_name in the last 1h and not in the rest of the last 14 day',
    });
  });

  it('a query that filters no field but states a HAVING is one unfiltered stage and the aggregation', () => {
    const logic = logicOf('queries/snowflake_queries/snowflake_suspicious_session_query.yml', SNOWFLAKE_SESSIONS);
    expect(logic.status).toBe('full');
    expect(logic.stages).toEqual([{ source: 'panther_logs.public.snowflake_sessions', conjuncts: [] }]);
    expect(logic.correlation).toEqual({
      kind: 'aggregation',
      by: ['client_application'],
      condition: "n_sessions > 50 and first_seen > timeadd('day', -10, p_current_timestamp())",
      window: '90d',
    });
  });

  it('a query that lists every row of its time window states no detection: none, and says why', () => {
    const logic = logicOf('queries/okta_queries/okta_session_id_audit.yml', OKTA_SESSION);
    expect(logic).toMatchObject({ status: 'none', reasons: ['the query filters no field (time window only)'] });
  });
});
