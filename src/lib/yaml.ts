/**
 * A YAML document's value for the format readers. The yaml library refuses to expand more than 100 alias uses
 * (a guard against "billion laughs" alias bombs) and throws from toJS(); rule files that reuse one anchor a few
 * hundred times are ordinary, so the limit is raised, and a file beyond it becomes a clear error at the line of
 * its first alias instead of an exception.
 */
import { visit, type Document } from 'yaml';
import { error, lineColumn, type Diagnostic } from './diagnostics.ts';

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

