/** Golden files for the KQL extractor: each tests/fixtures/sentinel/kql/<name>.kql beside <name>.expected. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeKql } from '../../src/lib/languages/kql/extract.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { conjunctsOf } from '../../src/lib/logic/tree.ts';

export const KQL_FIXTURES = join(import.meta.dirname, '../fixtures/sentinel/kql');

export function kqlFixtureNames(): string[] {
  return readdirSync(KQL_FIXTURES)
    .filter((f) => f.endsWith('.kql'))
    .map((f) => f.slice(0, -4))
    .sort();
}

/** The sections an expected file holds, in this order. */
export function renderAnalysis(query: string): string {
  const a = analyzeKql(query);
  return [
    '# condition',
    ...renderConjuncts(conjunctsOf(a.condition)),
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
