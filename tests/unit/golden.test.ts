/**
 * One golden-file runner for every query language: tests/golden/<language>/<name>.<ext> is a query, and
 * <name>.expected.txt what `LANGUAGES[language].extract(text)` makes of it, as text (status, reasons, each
 * stage's condition lines and exclusions, the correlation sentence and parts, output fields, sources, diagnostics).
 * `UPDATE_GOLDEN=1 npx vitest run tests/unit/golden.test.ts` (re)writes the expected files: read them before
 * committing, a golden file that records a wrong tree is worse than none.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { QueryLanguage } from '../../src/lib/definitions.ts';
import { LANGUAGES, type LanguageLogic } from '../../src/lib/languages/index.ts';
import { correlationParts, correlationSentence, stageLabel } from '../../src/lib/logic/correlation-text.ts';
import { renderCondition, renderConjuncts } from '../../src/lib/logic/render.ts';
import { exclusionBranches } from '../../src/lib/logic/sections.ts';
import { logicStages } from '../../src/lib/logic/tree.ts';

const ROOT = join(import.meta.dirname, '../golden');
const EXPECTED = '.expected.txt';
const update = process.env.UPDATE_GOLDEN === '1';

/** The result as the golden files write it; operators carry the page's marks (`~` case-insensitive, `has`...). */
function renderLogic(logic: LanguageLogic): string {
  const out = [`status: ${logic.status}`, ...logic.reasons.map((r) => `reason: ${r}`)];
  // A result with nothing extracted has no stage to show.
  const stages = logic.status === 'none' && !logic.stages && !logic.conjuncts.length ? [] : logicStages(logic);
  stages.forEach((stage, i) => {
    out.push(`stage: ${stageLabel(stage, i, stages.length)}`);
    out.push(...renderConjuncts(stage.conjuncts, { marks: true }).map((line) => `  ${line}`));
    out.push(...exclusionBranches(stage.conjuncts).map((c) => `  exclusion: ${renderCondition(c, false, { marks: true })}`));
    out.push(...(stage.reasons ?? []).map((r) => `  reason: ${r}`));
  });
  if (logic.correlation) {
    // The sentence, then its parts: a sequence's sentence leaves out a count condition the parts keep.
    out.push(`correlation: ${correlationSentence(logic.correlation, stages)}`);
    out.push(...correlationParts(logic.correlation).map((p) => `  ${p.label.toLowerCase()}: ${p.text}`));
  }
  if (logic.outputFields.length) out.push(`output: ${logic.outputFields.join(', ')}`);
  if (logic.sources?.length) out.push(`sources: ${logic.sources.join(', ')}`);
  if (logic.categories?.length) out.push(`categories: ${logic.categories.join(', ')}`);
  for (const d of logic.diagnostics) out.push(`diagnostic: ${d.line ?? '?'}:${d.column ?? '?'} ${d.severity} [${d.code}] ${d.message}`);
  return `${out.join('\n')}\n`;
}

const languages = Object.keys(LANGUAGES) as QueryLanguage[];

describe('golden files', () => {
  it('every language has a folder of at least two cases, and every folder is a language', () => {
    const folders = readdirSync(ROOT).sort();
    expect(folders).toEqual([...languages].sort());
    for (const language of languages) {
      const queries = readdirSync(join(ROOT, language)).filter((f) => !f.endsWith(EXPECTED));
      expect(queries.length, language).toBeGreaterThanOrEqual(2);
      for (const f of queries) expect(f.endsWith(`.${LANGUAGES[language].extension}`), `${language}/${f}`).toBe(true);
    }
  });

  for (const language of languages) {
    const folder = join(ROOT, language);
    if (!existsSync(folder)) continue;
    const extension = `.${LANGUAGES[language].extension}`;
    const names = readdirSync(folder)
      .filter((f) => f.endsWith(extension) && !f.endsWith(EXPECTED))
      .map((f) => f.slice(0, -extension.length))
      .sort();
    describe(language, () => {
      for (const name of names) {
        it(name, () => {
          const text = readFileSync(join(folder, name + extension), 'utf8');
          const actual = renderLogic(LANGUAGES[language].extract(text));
          const expectedPath = join(folder, name + EXPECTED);
          if (update) writeFileSync(expectedPath, actual);
          expect(existsSync(expectedPath), `${expectedPath} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
          expect(actual).toBe(readFileSync(expectedPath, 'utf8'));
        });
      }
    });
  }
});
