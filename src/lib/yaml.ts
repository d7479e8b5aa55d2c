/**
 * A YAML document's value for the format readers. The yaml library refuses to expand more than 100 alias uses
 * (a guard against "billion laughs" alias bombs) and throws from toJS(); rule files that reuse one anchor a few
 * hundred times are ordinary, so the limit is raised, and a file beyond it becomes a clear error at the line of
 * its first alias instead of an exception.
 */
import { Scalar, visit, type Document } from 'yaml';
import { error, lineColumn, type Diagnostic } from './diagnostics.ts';
import type { QueryPlacement } from './logic/positions.ts';

/** Alias expansions a document may make: uses of an anchor times the aliases inside what it anchors. */
export const MAX_ALIAS_COUNT = 10_000;

/** The document as plain values, or the diagnostic of an alias bomb. */
export function yamlValue(doc: Document, relPath: string, text: string): { value: unknown; error?: undefined } | { value?: undefined; error: Diagnostic } {
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    let first: number | undefined;
    visit(doc, {
      Alias(_key, node) {
        first = node.range?.[0];
        return visit.BREAK;
      },
    });
    const at = first === undefined ? undefined : lineColumn(text, first);
    const message = `YAML aliases expand past ${MAX_ALIAS_COUNT} copies (${e.message.toLowerCase()}); the file is not read`;
    return { error: error(relPath, 'yaml-alias-limit', message, at?.line ?? 1, at?.column) };
  }
}


/**
 * Where the value of a string scalar (a rule's query) starts in its file. A block scalar (`query: |`) starts on the
 * line after its indicator, every line indented alike; a quoted one just after its quote. A flow scalar that spans
 * lines is folded into one, so only its first line's positions are exact.
 */
export function scalarPlacement(node: Scalar, text: string): QueryPlacement {
  const at = lineColumn(text, node.range?.[0] ?? 0);
  if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
    const line = at.line + 1;
    const lineText = text.split('\n')[line - 1] ?? '';
    const indent = lineText.length - lineText.trimStart().length;
    return { line, column: indent + 1, indent };
  }
  const quoted = node.type === Scalar.QUOTE_SINGLE || node.type === Scalar.QUOTE_DOUBLE;
  return { line: at.line, column: at.column + (quoted ? 1 : 0), indent: 0 };
}
