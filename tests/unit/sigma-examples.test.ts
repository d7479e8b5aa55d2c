/**
 * Golden test over the project's own Sigma examples (content/examples/sigma): the rendered logic of every rule,
 * checked by hand, in tests/fixtures/sigma/examples.expected.txt. Rewrite it with SIGMA_GOLDEN=write after a
 * deliberate change, and read the diff.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/lib/catalog.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import type { Rule } from '../../src/lib/model.ts';
import { shapeLines } from './logic-shape.ts';

const expectedFile = fileURLToPath(new URL('../fixtures/sigma/examples.expected.txt', import.meta.url));

function describeRule(r: Rule): string {
  const logic = r.logic!;
  const lines = [`## ${r.files[0].path} | ${r.title}`];
  lines.push(`platform: ${r.logPlatform} | attack: ${[...r.attack.tactics, ...r.attack.techniques].join(', ')}`);
  lines.push(`status: ${logic.status}${logic.reasons.length ? ` (${logic.reasons.join('; ')})` : ''}`);
  lines.push(...(logic.correlation || logic.stages ? shapeLines(logic) : renderConjuncts(logic.conjuncts)));
  if (logic.outputFields.length) lines.push(`output: ${logic.outputFields.join(', ')}`);
  if (logic.relatedRules?.length) lines.push(`related: ${logic.relatedRules.join(', ')}`);
  return lines.join('\n');
}

describe('sigma examples', () => {
  const catalog = buildCatalog({ env: {}, only: ['sigma'] });
  const text = `${catalog.rules.map(describeRule).join('\n\n')}\n`;

  it('ingest without a single diagnostic', () => {
    expect(catalog.diagnostics).toEqual([]);
    expect(catalog.rules.length).toBeGreaterThanOrEqual(6);
  });

  it('render the hand-checked trees', () => {
    if (process.env.SIGMA_GOLDEN === 'write') writeFileSync(expectedFile, text);
    expect(text).toBe(readFileSync(expectedFile, 'utf8'));
  });
});
