/** Runs every KQL golden file: the query's rendered condition, reasons, output fields and tables. */
import { describe, expect, it } from 'vitest';
import { kqlFixtureNames, readFixture, renderAnalysis } from './kql-fixtures.ts';

describe('KQL extractor golden files', () => {
  for (const name of kqlFixtureNames()) {
    it(name, () => {
      const { query, expected } = readFixture(name);
      expect(renderAnalysis(query)).toBe(expected);
    });
  }
});
