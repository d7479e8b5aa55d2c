/** Golden files for the KQL extractor: each tests/fixtures/sentinel/kql/<name>.kql beside <name>.expected. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeKql } from '../../src/lib/languages/kql/extract.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { conjunctsOf } from '../../src/lib/logic/tree.ts';
import type { Correlation, Stage } from '../../src/lib/logic/types.ts';

export const KQL_FIXTURES = join(import.meta.dirname, '../fixtures/sentinel/kql');

export function kqlFixtureNames(): string[] {
  return readdirSync(KQL_FIXTURES)
    .filter((f) => f.endsWith('.kql'))
    .map((f) => f.slice(0, -4))
    .sort();
}

/** Each stage: a heading with its role, name and tables, its conjuncts, then its own reasons. */
function renderStages(stages: Stage[]): string[] {
  return stages.flatMap((s) => [
    `## stage ${[s.role, s.name && `"${s.name}"`, s.source && `(${s.source})`].filter(Boolean).join(' ')}`,
    ...renderConjuncts(s.conjuncts),
    ...(s.reasons ?? []).map((r) => `reason: ${r}`),
  ]);
}

/** The correlation's parts, one per line. */
function renderCorrelation(c: Correlation): string[] {
  return [
    `kind: ${c.kind}`,
    `by: ${c.by.join(', ')}`,
    ...(c.window ? [`window: ${c.window}`] : []),
    ...(c.condition ? [`condition: ${c.condition}`] : []),
    ...(c.detail ? [`detail: ${c.detail}`] : []),
  ];
}

/** The sections an expected file holds, in this order (stages and correlation only when the query has them). */
export function renderAnalysis(query: string): string {
  const a = analyzeKql(query);
  return [
    ...(a.stages ? ['# stages', ...renderStages(a.stages)] : ['# condition', ...renderConjuncts(conjunctsOf(a.condition))]),
    ...(a.correlation ? ['# correlation', ...renderCorrelation(a.correlation)] : []),
    '# reasons',
    ...a.reasons,
    '# outputs',
    a.outputFields.join(', '),
    '# tables',
    a.tables.join(', '),
    '',
  ].join('\n');
}

export function readFixture(name: string): { query: string; expected: string } {
  return {
    query: readFileSync(join(KQL_FIXTURES, `${name}.kql`), 'utf8'),
    expected: readFileSync(join(KQL_FIXTURES, `${name}.expected`), 'utf8'),
  };
}
