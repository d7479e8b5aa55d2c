import { describe, expect, it } from 'vitest';
import { extractSql, parseSql } from '../../src/lib/languages/sql/index.ts';
import { prepareSql } from '../../src/lib/languages/sql/prepare.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';

const WINDOWS = { windowFunctions: ['p_occurs_since'] };
const where = (cond: string) => {
  const r = extractSql(`SELECT * FROM db.public.events WHERE ${cond}`, 'q.sql', WINDOWS);
  return { lines: renderConjuncts(r.conjuncts), reasons: r.reasons };
};

describe('sql: WHERE → filter tree', () => {
  it('reads comparisons, IN, IS NULL, BETWEEN and NOT', () => {
    expect(where("a = 'x' AND b != 'y' AND c <> 3 AND d IN ('p', 'q') AND e NOT IN ('r') AND f IS NULL AND g IS NOT NULL").lines).toEqual([
      'a eq "x"',
      'not b eq "y"',
      'not c eq 3',
      'd in ["p", "q"]',
      'not e eq "r"',
      'f is_null',
      'not g is_null',
    ]);
    expect(where('n BETWEEN 1 AND 5 AND NOT (m > 2 OR 10 <= k)').lines).toEqual(['n gte 1', 'n lte 5', 'not (m gt 2 or k gte 10)']);
  });

  it('binds AND tighter than OR, as SQL does (node-sql-parser gives them one precedence), and keeps parentheses', () => {
    expect(where('a = 0 AND b = 1 OR c = 2 AND d = 3').lines).toEqual(['(a eq 0 and b eq 1) or (c eq 2 and d eq 3)']);
    expect(where('a = 0 OR b = 1 AND c = 2').lines).toEqual(['a eq 0 or (b eq 1 and c eq 2)']);
    expect(where('(a = 0 OR b = 1) AND c = 2').lines).toEqual(['a eq 0 or b eq 1', 'c eq 2']);
    // A mixed chain of 2,587 terms is flat, not 2,587 levels deep.
    const long = Array.from({ length: 2587 }, (_, i) => `a = ${i}`).reduce((q, t, i) => `${q} ${i % 2 ? 'AND' : 'OR'} ${t}`);
    expect(where(long).reasons).toEqual([]);
  });

  it('reads LIKE patterns as the narrowest leaf, case-sensitive for LIKE and not for ILIKE', () => {
    const r = extractSql("SELECT * FROM t WHERE a LIKE 'x%' AND b ILIKE '%y' AND c LIKE '%z%' AND d LIKE 'a_b%c' AND e NOT ILIKE 'exact'", 'q.sql');
    expect(renderConjuncts(r.conjuncts)).toEqual(['a startswith "x"', 'b endswith "y"', 'c contains "z"', 'd wildcard "a?b*c"', 'not e eq "exact"']);
    expect(r.conjuncts.map((c) => (c.type === 'leaf' ? c.caseSensitive : c.type === 'not' && c.child.type === 'leaf' ? c.child.caseSensitive : 'n/a'))).toEqual([
      true,
      undefined,
      true,
      true,
      undefined,
    ]);
  });

  it('keeps an escaped % or _ of a LIKE pattern literal', () => {
    const r = extractSql("SELECT * FROM t WHERE d LIKE 'a\\_b%100\\%'", 'q.sql');
    expect(renderConjuncts(r.conjuncts)).toEqual(['d wildcard "a_b*100%"']);
  });

  it('reads RLIKE / REGEXP as regex and [I]LIKE ANY as alternatives', () => {
    expect(where("a RLIKE '.*min[0-9].*' AND b NOT REGEXP '^x' AND c ILIKE ANY ('%/var/run%', '/etc/%')").lines).toEqual([
      'a regex ".*min[0-9].*"',
      'not b regex "^x"',
      'c contains "/var/run" or c startswith "/etc/"',
    ]);
  });

  it('turns Snowflake paths into dotted fields and drops casts and table qualifiers', () => {
    const r = extractSql(
      "SELECT t.actor:alternateId::string AS who FROM panther_logs.public.okta_systemlog t WHERE t.requestParameters:bucketName = 'b' AND target[0]:type::string = 'User' AND debugContext:debugData:\"x.y\" IS NOT NULL",
      'q.sql',
    );
    expect(renderConjuncts(r.conjuncts)).toEqual(['requestParameters.bucketName eq "b"', 'target.type eq "User"', 'not debugContext.debugData.x.y is_null']);
    expect(r.outputFields).toEqual(['who']);
    expect(r.tables).toEqual(['panther_logs.public.okta_systemlog']);
  });

  it('reads boolean functions and case folding; drops what it cannot express from an AND with a reason', () => {
    expect(where("ARRAY_CONTAINS('1.2.3.4'::VARIANT, p_any_ip_addresses) AND LOWER(userAgent) LIKE '%curl%' AND flag").lines).toEqual([
      'p_any_ip_addresses contains "1.2.3.4"',
      'userAgent contains "curl"',
      'flag eq true',
    ]);
    expect(where('a + b > 50 AND x = 1').reasons).toEqual(['expression binary_expr >']);
    // Inside an OR, an unknown side makes the whole OR unknown rather than narrower than the rule.
    expect(where("x = 1 AND (a + b > 50 OR y = 'a')").lines).toEqual(['x eq 1']);
  });

  it('treats time-window calls as always true and keeps the window', () => {
    const r = extractSql("SELECT a, COUNT(*) AS n FROM t WHERE p_occurs_since('1 day') AND a = 'x' GROUP BY a HAVING n > 5", 'q.sql', WINDOWS);
    expect(renderConjuncts(r.conjuncts)).toEqual(['a eq "x"']);
    expect(r.correlation).toEqual({ kind: 'threshold', by: ['a'], condition: 'n > 5', window: '1 day' });
    expect(r.windows).toEqual([{ name: 'p_occurs_since', args: "'1 day'", offset: 37 }]);
  });
});

describe('sql: queries → stages and correlation', () => {
  it('reads GROUP BY / HAVING kinds: threshold, distinct count, aggregation', () => {
    const grouped = (having: string) => extractSql(`SELECT u, COUNT(DISTINCT ip) AS ips, SUM(bytes) AS total FROM t GROUP BY u HAVING ${having}`, 'q.sql').correlation;
    expect(grouped('COUNT(*) > 10')).toEqual({ kind: 'threshold', by: ['u'], condition: 'COUNT(*) > 10' });
    expect(grouped('ips > 3')).toEqual({ kind: 'distinct_count', by: ['u'], condition: 'ips > 3' });
    expect(grouped('total > 1000 AND COUNT(*) > 1')).toEqual({ kind: 'aggregation', by: ['u'], condition: 'total > 1000 AND COUNT(*) > 1' });
    expect(extractSql('SELECT u, COUNT(*) FROM t GROUP BY u', 'q.sql').correlation).toEqual({ kind: 'aggregation', by: ['u'], summary: 'Rows grouped by u' });
  });

  it('merges a select over a filtering CTE into one filter', () => {
    const r = extractSql("WITH base AS (SELECT * FROM db.s.logs WHERE a = 1) SELECT b, COUNT(*) AS n FROM base WHERE b LIKE 'x%' GROUP BY b HAVING n > 2", 'q.sql');
    expect(r.stages).toBeUndefined();
    expect(renderConjuncts(r.conjuncts)).toEqual(['a eq 1', 'b startswith "x"']);
    expect(r.correlation).toMatchObject({ kind: 'threshold', by: ['b'] });
    expect(r.tables).toEqual(['db.s.logs']);
  });

  it('makes join sides and union parts stages, naming the construct', () => {
    const join = extractSql(
      "WITH l AS (SELECT * FROM db.s.logins WHERE ok = false), d AS (SELECT * FROM db.s.devices WHERE managed = true) SELECT * FROM l LEFT JOIN d ON l.host = d.host",
      'q.sql',
    );
    expect(join.stages?.map((s) => [s.name, s.source, s.role, renderConjuncts(s.conjuncts)])).toEqual([
      ['l', 'db.s.logins', 'left', ['ok eq false']],
      ['d', 'db.s.devices', 'left join', ['managed eq true']],
    ]);
    expect(join.correlation).toEqual({ kind: 'join', by: ['l.host', 'd.host'], detail: 'left join', condition: 'l.host = d.host' });
    expect(join.reasons).toEqual([]);
    // A join without ON (a comma join) has no keys to state: it stays a reason.
    expect(extractSql('SELECT * FROM db.s.a, db.s.b WHERE a.x = 1', 'q.sql').reasons).toEqual(['join: JOIN db.s.b']);
    const union = extractSql("SELECT a FROM x WHERE a = 1 UNION ALL SELECT a FROM y WHERE a = 2", 'q.sql');
    expect(union.stages?.map((s) => [s.name, renderConjuncts(s.conjuncts)])).toEqual([
      ['union part 1', ['a eq 1']],
      ['union part 2', ['a eq 2']],
    ]);
    expect(union.correlation).toEqual({ kind: 'union', by: [], detail: 'union all' });
  });

  it('reads a Jinja macro call over a CTE as a select from it, and says so', () => {
    const r = extractSql("-- pragma: template\n{% import 'anomalies' new_unique_values %}\nwith subquery as (select * from db.s.t where a = 'x'),\n{{ new_unique_values('subquery', 'user', 'ip', '1h') }}", 'q.sql');
    expect(renderConjuncts(r.conjuncts)).toEqual(['a eq "x"']);
    expect(r.templates).toMatchObject([{ name: 'new_unique_values', args: ['subquery', 'user', 'ip', '1h'] }]);
    expect(r.reasons).toEqual(['template new_unique_values(subquery, user, ip, 1h)']);
  });

  it('names subqueries and QUALIFY it does not follow', () => {
    const r = extractSql("SELECT * FROM t WHERE (a IN (SELECT a FROM u) OR c = 2) AND b = 1 QUALIFY ROW_NUMBER() OVER (PARTITION BY a ORDER BY b) = 1", 'q.sql');
    expect(renderConjuncts(r.conjuncts)).toEqual(['b eq 1']);
    expect(r.reasons).toEqual(['IN subquery', 'QUALIFY on window functions']);
  });
});

describe('sql: parsing', () => {
  it('reports what no dialect reads with its line and column in the author text', () => {
    const text = "SELECT a:b::string AS x\nFROM t\nWHERE a = = 1";
    const r = parseSql(text, 'q.sql');
    expect(r.statements).toBeUndefined();
    expect(r.diagnostics).toMatchObject([{ file: 'q.sql', code: 'sql-syntax', line: 3, column: 11 }]);
    expect(extractSql(text, 'q.sql')).toMatchObject({ conjuncts: [], reasons: ['SQL not understood'], tables: [] });
  });

  it('falls back to a looser dialect when Snowflake rejects the query', () => {
    const r = parseSql("SELECT * FROM t WHERE ARRAY_CONTAINS(eventName, ['A', 'B'])", 'q.sql');
    expect(r.dialect).not.toBe('snowflake');
    expect(renderConjuncts(extractSql("SELECT * FROM t WHERE ARRAY_CONTAINS(eventName, ['A', 'B'])", 'q.sql').conjuncts)).toEqual(['eventName in ["A", "B"]']);
  });

  it('maps offsets of the prepared text back to the author text', () => {
    const source = "select x:y:z, a::int from t where {{ f('q') }}";
    const p = prepareSql(source);
    expect(p.paths.get('rcpath_0')).toBe('x.y.z');
    const at = p.text.indexOf('from');
    expect(source.slice(p.sourceOffset(at), p.sourceOffset(at) + 4)).toBe('from');
  });
});
