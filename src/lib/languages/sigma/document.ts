/**
 * Reading a Sigma file into rule documents: YAML multi-document files, the `action: global / reset / repeat`
 * merging of the Sigma 1.x specification, and line numbers of every detection entry for leaf locations.
 */
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, visit, type Document, type Node } from 'yaml';
import { error, warning, type Diagnostic } from '../../diagnostics.ts';
import { yamlValue } from '../../yaml.ts';

/** Where detection entries are in the file: `selection`, `selection/0`, `selection/0/Image|endswith` → line. */
export type LineIndex = Record<string, number>;

/** One Sigma rule document after merging, as the format module hands it to the extractor. */
export interface SigmaDocument {
  /** Path of the file relative to the source root. */
  file: string;
  /** Position of the document in its file (0-based), counting only rule documents. */
  index: number;
  data: Record<string, unknown>;
  lines: LineIndex;
  /** Line of each top-level key, for diagnostics about the rule's fields. */
  keyLines: Record<string, number>;
  /** The `detection:` block as written in the file (or re-serialized when merged from a global document). */
  detectionText?: string;
  /** The other rule documents of the same file, for correlations that name rules by `name`. */
  siblings: SigmaDocument[];
}

export interface LoadedFile {
  documents: SigmaDocument[];
  diagnostics: Diagnostic[];
  /** Set when the file cannot be read as YAML at all. */
  fatal?: Diagnostic;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** Deep merge as the Sigma spec merges a global document into the following ones: maps merge, the rest is replaced. */
export function mergeSigma(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const prev = out[k];
    out[k] = isPlainObject(prev) && isPlainObject(v) ? mergeSigma(prev, v) : v;
  }
  return out;
}

function indexLines(node: Node | null | undefined, prefix: string, counter: LineCounter, out: LineIndex, depth: number) {
  if (!node || depth > 3) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) continue;
      const path = prefix ? `${prefix}/${key}` : key;
      const start = (pair.key as Node).range?.[0];
      if (start !== undefined) out[path] = counter.linePos(start).line;
      indexLines(pair.value as Node, path, counter, out, depth + 1);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const path = `${prefix}/${i}`;
      const start = (item as Node).range?.[0];
      if (start !== undefined) out[path] = counter.linePos(start).line;
      indexLines(item as Node, path, counter, out, depth + 1);
    });
  }
}

function topLevelLines(doc: Document, counter: LineCounter): Record<string, number> {
  const out: Record<string, number> = {};
  if (!isMap(doc.contents)) return out;
  for (const pair of doc.contents.items) {
    const start = (pair.key as Node | null)?.range?.[0];
    if (isScalar(pair.key) && start !== undefined) out[String(pair.key.value)] = counter.linePos(start).line;
  }
  return out;
}

/** Detection lines of one YAML document, plus the text of its `detection:` block. */
function detectionOf(doc: Document, text: string, counter: LineCounter): { lines: LineIndex; text?: string } {
  const lines: LineIndex = {};
  const root = doc.contents;
  if (!isMap(root)) return { lines };
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'detection');
  if (!pair) return { lines };
  indexLines(pair.value as Node, '', counter, lines, 0);
  const start = (pair.key as Node).range?.[0];
  const end = (pair.value as Node | null)?.range?.[1];
  const block = start !== undefined && end !== undefined ? text.slice(start, end).trimEnd() : undefined;
  return { lines, text: block };
}

/**
 * Keys written twice in one map: PyYAML (and so pySigma) silently keeps the last one; so do we, with a warning,
 * rather than losing the whole rule.
 */
function duplicateKeys(doc: Document, file: string, counter: LineCounter): Diagnostic[] {
  const out: Diagnostic[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (seen.has(key)) {
          const start = pair.key.range?.[0];
          out.push(warning(file, 'duplicate-key', `the key "${key}" is written twice in one map; the last one counts`, start === undefined ? undefined : counter.linePos(start).line));
        }
        seen.add(key);
      }
    },
  });
  return out;
}

/** Parses every YAML document of a Sigma file and applies the multi-document actions. */
export function loadSigmaFile(file: string, text: string): LoadedFile {
  const counter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  let docs: Document[];
  try {
    docs = parseAllDocuments(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: false }) as Document[];
  } catch (e) {
    return { documents: [], diagnostics, fatal: error(file, 'yaml-syntax', (e as Error).message, 1) };
  }
  if (!Array.isArray(docs)) docs = [];
  const documents: SigmaDocument[] = [];
  let global: { data: Record<string, unknown>; lines: LineIndex } | undefined;
  let previous: SigmaDocument | undefined;
  for (const doc of docs) {
    if (doc.errors.length) {
      const e = doc.errors[0];
      const pos = counter.linePos(e.pos[0]);
      return { documents: [], diagnostics, fatal: error(file, 'yaml-syntax', e.message.split('\n')[0], pos.line, pos.col) };
    }
    diagnostics.push(...duplicateKeys(doc, file, counter));
    const read = yamlValue(doc, file, text);
    if (read.error) return { documents: [], diagnostics, fatal: read.error };
    const data: unknown = read.value;
    if (data === null || data === undefined) continue; // empty document, e.g. after a trailing `---`
    const line = doc.range ? counter.linePos(doc.range[0]).line : undefined;
    if (!isPlainObject(data)) {
      return { documents: [], diagnostics, fatal: error(file, 'not-a-rule', 'the YAML document is not a map of rule fields', line) };
    }
    const own = detectionOf(doc, text, counter);
    const action = data.action;
    if (action === 'global') {
      const { action: _drop, ...rest } = data;
      global = { data: global ? mergeSigma(global.data, rest) : rest, lines: { ...global?.lines, ...own.lines } };
      continue;
    }
    if (action === 'reset') {
      global = undefined;
      continue;
    }
    let merged = data;
    let lines = own.lines;
    let detectionText = own.text;
    if (action === 'repeat') {
      if (!previous) diagnostics.push(warning(file, 'sigma-action', '`action: repeat` without a previous rule document', line));
      const { action: _drop, ...rest } = data;
      merged = previous ? mergeSigma(previous.data, rest) : rest;
      lines = { ...previous?.lines, ...own.lines };
      detectionText = undefined;
    } else if (action !== undefined) {
      diagnostics.push(warning(file, 'sigma-action', `unknown multi-document action: ${String(action)}`, line));
    }
    if (global && action !== 'repeat') {
      merged = mergeSigma(global.data, merged);
      lines = { ...global.lines, ...lines };
      detectionText = undefined;
    }
    const keyLines = { ...topLevelLines(doc, counter) };
    const document: SigmaDocument = { file, index: documents.length, data: merged, lines, keyLines, detectionText, siblings: [] };
    documents.push(document);
    previous = document;
  }
  // Not enumerable: documents of one file point at each other, and the rule (with its document) must stay
  // serializable as JSON for whoever dumps the catalog.
  for (const d of documents) Object.defineProperty(d, 'siblings', { value: documents.filter((o) => o !== d), enumerable: false });
  return { documents, diagnostics };
}
