/** security_content's reference data, read once per source: macros/ and data_sources/. */
import { unbudgeted } from '../../languages/parsing/limits.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { warning, type Diagnostic } from '../../diagnostics.ts';
import { walkFiles } from '../../fs.ts';
import { macroTable, type MacroDefinition, type MacroTable } from '../../languages/spl/macros.ts';
import { asString, asStringList } from '../common.ts';
import type { SourceContext } from '../types.ts';

export interface DataSourceRef {
  name: string;
  sourcetype?: string;
  source?: string;
}

export interface SplunkReference {
  macros: MacroTable;
  dataSources: Map<string, DataSourceRef>;
  /** Reference files that could not be read (reported once per source: splunkFormat.sourceDiagnostics). */
  diagnostics: Diagnostic[];
}

const CACHE_KEY = 'splunk:reference';

const isYaml = (name: string) => name.endsWith('.yml') || name.endsWith('.yaml');

function readYamlFolder(source: SourceContext, folder: string, diagnostics: Diagnostic[]): Record<string, unknown>[] {
  const docs: Record<string, unknown>[] = [];
  for (const rel of walkFiles(source.root, folder, isYaml)) {
    try {
      const doc = parse(readFileSync(join(source.root, rel), 'utf8'));
      if (doc && typeof doc === 'object') docs.push(doc as Record<string, unknown>);
    } catch (e) {
      const line = (e as { linePos?: { line: number }[] }).linePos?.[0]?.line;
      diagnostics.push(warning(rel, 'yaml-syntax', `reference file skipped: ${(e as Error).message.split('\n')[0]}`, line));
    }
  }
  return docs;
}

export function loadReference(source: SourceContext): SplunkReference {
  const cached = source.cache.get(CACHE_KEY) as SplunkReference | undefined;
  if (cached) return cached;
  // Read once for every rule of the source: not part of the rule's time budget.
  return unbudgeted(() => readReference(source));
}

function readReference(source: SourceContext): SplunkReference {
  const diagnostics: Diagnostic[] = [];
  const macros: MacroDefinition[] = readYamlFolder(source, 'macros', diagnostics).flatMap((d) => {
    const name = asString(d.name);
    return name ? [{ name, definition: typeof d.definition === 'string' ? d.definition : String(d.definition ?? ''), arguments: asStringList(d.arguments) }] : [];
  });
  const dataSources = new Map<string, DataSourceRef>();
  for (const d of readYamlFolder(source, 'data_sources', diagnostics)) {
    const name = asString(d.name);
    if (name) dataSources.set(name, { name, sourcetype: asString(d.sourcetype), source: asString(d.source) });
  }
  const ref = { macros: macroTable(macros), dataSources, diagnostics };
  source.cache.set(CACHE_KEY, ref);
  return ref;
}
