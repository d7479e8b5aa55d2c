/**
 * Formats read query languages through one door: the LANGUAGES table (src/lib/languages/index.ts). A format that
 * imports a language's parser or extractor directly escapes the table's contract (one signature, positions in the
 * query, rebased by logic/positions.ts). Type-only imports are allowed; the exceptions below are the only others.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src/lib');
const FORMATS = join(SRC, 'formats');

/** format file -> language module: why it may import it. */
const EXCEPTIONS: Record<string, string> = {
  // Splitting a file into rules is the format's job; each rule's logic then goes through the table.
  'formats/chronicle/index.ts -> languages/yaral/parser.ts': 'splits a .yaral file into rule blocks and reads their meta',
  'formats/chronicle/index.ts -> languages/yaral/logic.ts': 'eventVariablesOf: how many event variables, for the rule kind',
  'formats/sigma/index.ts -> languages/sigma/document.ts': 'loads the YAML documents of a file (a file may hold several rules)',
  'formats/sigma/correlation.ts -> languages/sigma/extract.ts': "sigmaOutputFields: a correlation's own `fields:` list",
  // Contexts the vendor builds from its own files: the language's types, filled by the language's own reader.
  'formats/splunk/reference.ts -> languages/spl/macros.ts': 'builds the macro table (the SPL context) from macros/*.yml',
  'formats/splunk/index.ts -> languages/spl/sources.ts': 'what the search reads from (sourcetypes, data models, macros), for the log platform',
  'formats/panther/python-library.ts -> languages/python/parse.ts': "parses Panther's helper modules into the Python library (the context)",
  // Budget and position helpers that name no language.
  'formats/panther/python-library.ts -> languages/parsing/limits.ts': 'unbudgeted: reading the library is not one rule’s time',
  'formats/panther/source-index.ts -> languages/parsing/limits.ts': 'unbudgeted',
  'formats/sigma/regression.ts -> languages/parsing/limits.ts': 'unbudgeted',
  'formats/splunk/reference.ts -> languages/parsing/limits.ts': 'unbudgeted',
  'formats/splunk/locate.ts -> languages/parsing/positions.ts': 'lineLocator: offsets of a YAML value to file positions',
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Value imports (not `import type`) of language modules other than the table, as "format -> module". */
function languageImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)) {
    if (m[1]) continue;
    const target = relative(SRC, resolve(file, '..', m[2]));
    if (target.startsWith('languages/') && target !== 'languages/index.ts') out.push(`${relative(SRC, file)} -> ${target}`);
  }
  return out;
}

describe('formats reach languages through the LANGUAGES table', () => {
  const found = files(FORMATS).flatMap(languageImports);

  it('imports no language module but the table, except the listed ones', () => {
    expect(found.filter((i) => !(i in EXCEPTIONS))).toEqual([]);
  });

  it('has no language module importing a format: a query language knows no vendor', () => {
    const LANGUAGES_DIR = join(SRC, 'languages');
    const vendorImports = files(LANGUAGES_DIR).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^import\s+[^;]*?from\s+'([^']+)'/gms)]
        .map((m) => relative(SRC, resolve(file, '..', m[1])))
        .filter((target) => target.startsWith('formats/'))
        .map((target) => `${relative(SRC, file)} -> ${target}`),
    );
    expect(vendorImports).toEqual([]);
  });

  it('lists no exception that is no longer needed', () => {
    expect(Object.keys(EXCEPTIONS).filter((e) => !found.includes(e))).toEqual([]);
  });
});
