/** Every Peggy grammar under src/lib/languages is committed with the parser `npm run grammars` generates from it. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import peggy from 'peggy';
import { describe, expect, it } from 'vitest';

const LANGUAGES = 'src/lib/languages';
const grammars = readdirSync(LANGUAGES, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.peggy'))
  .map((f) => join(LANGUAGES, f));
const script = JSON.parse(readFileSync('package.json', 'utf8')).scripts.grammars as string;

describe('Peggy grammars', () => {
  it('finds the grammars', () => expect(grammars.length).toBeGreaterThan(0));

  for (const grammar of grammars) {
    const generated = join(grammar, '..', 'parser.generated.js');
    it(`${grammar}: npm run grammars regenerates it`, () => expect(script).toContain(`-o ${generated} ${grammar}`));

    it(`${grammar}: the committed parser is what the grammar generates`, () => {
      const source = peggy.generate(readFileSync(grammar, 'utf8'), { output: 'source', format: 'es', grammarSource: grammar });
      expect(source).toBe(readFileSync(generated, 'utf8'));
    });
  }
});
