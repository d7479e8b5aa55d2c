/** What a search reads from: the sourcetypes, sources and data models it names, and the macros it calls. */
import { expandMacros, parseMacroCall, type MacroTable } from './macros.ts';
import { tokenize } from './tokens.ts';

export interface SearchSources {
  /** Values of sourcetype=, source=, eventtype= and index= terms, after macro expansion, in order. */
  sourcetypes: string[];
  /** datamodel=X.Y, `from datamodel:X.Y`, `datamodel X Y`. */
  datamodels: string[];
  /** Macros the base search (before the first pipe) calls, in order: they name where the events come from. */
  macros: string[];
}

const SOURCE_FIELDS = new Set(['sourcetype', 'source', 'eventtype', 'index']);

export function searchSources(search: string, table: MacroTable): SearchSources {
  const own = tokenize(search).tokens;
  const firstPipe = own.findIndex((t) => t.type === 'pipe');
  const macros = own
    .slice(0, firstPipe < 0 ? own.length : firstPipe)
    .filter((t) => t.type === 'macro')
    .map((t) => parseMacroCall(t.value).name)
    .filter((n) => !n.endsWith('_filter') && !n.startsWith('security_content_'));
  const tokens = expandMacros(own, table).tokens;
  const sourcetypes: string[] = [];
  const datamodels: string[] = [];
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    const value = tokens[i + 2];
    const key = t.value.toLowerCase();
    if (t.type !== 'word' && t.type !== 'string') return;
    if (next?.type === 'op' && next.value === '=' && value) {
      if (SOURCE_FIELDS.has(key)) sourcetypes.push(value.value);
      if (key === 'datamodel') datamodels.push(value.value);
    } else if (key.startsWith('datamodel:')) datamodels.push(t.value.slice('datamodel:'.length));
    else if (key === 'datamodel' && next?.type === 'word') datamodels.push(next.value);
  });
  return { sourcetypes, datamodels, macros };
}
