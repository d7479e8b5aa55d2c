/**
 * Golden-file runner: each tests/fixtures/chronicle/logic/<name>.yaral beside <name>.expected.txt (status, reasons,
 * each stage with its conjuncts, the correlation's sentence and parts, output fields).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractYaralLogic } from '../../src/lib/languages/yaral/logic.ts';
import { parseYaral } from '../../src/lib/languages/yaral/parser.ts';
import { shapeLines } from './logic-shape.ts';

const dir = resolve(__dirname, '../fixtures/chronicle/logic');

describe('YARA-L logic fixtures', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaral'))) {
    it(file, () => {
      const { rules, problems } = parseYaral(readFileSync(join(dir, file), 'utf8'));
      expect(problems).toEqual([]);
      const logic = extractYaralLogic(rules[0], file);
      const actual = [
        `status: ${logic.status}`,
        ...(logic.reasons.length ? [`reasons: ${logic.reasons.join('; ')}`] : []),
        ...shapeLines(logic),
        `output: ${logic.outputFields.join(', ')}`.trimEnd(),
      ];
      const expected = readFileSync(join(dir, file.replace(/\.yaral$/, '.expected.txt')), 'utf8').trimEnd().split('\n');
      expect(actual).toEqual(expected);
    });
  }
});
