/**
 * Loads Microsoft's Kusto language service (@kusto/language-service-next, the parser behind Azure Data Explorer
 * and Sentinel's editor). It is a Bridge.NET build written for browsers: it defines globals (Bridge, System,
 * Kusto), so it runs in its own VM context, loaded once on first use (about 1 s, and its first parse builds the
 * grammar tables: 3-5 s more), and never touches our globals. The context is not contextified
 * (vm.constants.DONT_CONTEXTIFY): an ordinary global object, so the library's constant global lookups (Bridge,
 * System, Kusto) skip the interceptors of a contextified sandbox; parsing runs about twice as fast.
 */
import { unbudgeted } from '../parsing/limits.ts';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { constants, createContext, runInContext } from 'node:vm';

/** The subset of the Bridge syntax API that ast.ts reads. Every node and token is a SyntaxElement. */
export interface KustoElement {
  constructor: { $$name?: string };
  IsToken: boolean;
  IsMissing: boolean;
  ChildCount: number;
  GetChild(index: number): KustoElement | null;
  TextStart: number;
  End: number;
  /** Token text (tokens only). */
  Text?: string | null;
  /** Decoded value of a literal token. */
  Value?: unknown;
  ValueText?: string | null;
  // Typed children (present depending on the node class).
  [name: string]: unknown;
}

export interface KustoDiagnostic {
  Message: string | null;
  Start: number;
  Length: number;
  Severity: string | null;
}

interface KustoGlobal {
  Language: {
    KustoCode: {
      Parse(text: string): {
        Syntax: KustoElement;
        GetDiagnostics(): { Count: number; getItem(i: number): KustoDiagnostic };
      };
    };
  };
}

let service: KustoGlobal | undefined;
let loadError: string | undefined;

function load(): KustoGlobal | undefined {
  if (service || loadError) return service;
  try {
    const require = createRequire(import.meta.url);
    const folder = dirname(require.resolve('@kusto/language-service-next/package.json'));
    const context = createContext(constants.DONT_CONTEXTIFY) as Record<string, unknown>;
    Object.assign(context, { console, setTimeout, clearTimeout });
    // Bridge looks for a browser window; a bare one without DOM events is enough for parsing.
    context.window = context;
    context.addEventListener = () => {};
    for (const file of ['bridge.min.js', 'Kusto.Language.Bridge.min.js']) {
      runInContext(readFileSync(join(folder, file), 'utf8'), context, { filename: file });
    }
    service = context.Kusto as KustoGlobal;
    if (!service?.Language?.KustoCode) throw new Error('Kusto.Language.KustoCode missing after load');
  } catch (e) {
    loadError = `cannot load the Kusto language service: ${(e as Error).message}`;
  }
  return service;
}

export interface RawParse {
  root?: KustoElement;
  diagnostics: { message: string; start: number; length: number }[];
  /** Set when the service itself could not be loaded or crashed on this text. */
  failure?: string;
}

/** Parses a KQL query into the service's syntax tree. Never throws. */
export function parseWithService(text: string): RawParse {
  // Loaded once for every rule: not part of the rule's time budget.
  const kusto = unbudgeted(load);
  if (!kusto) return { diagnostics: [], failure: loadError };
  try {
    const code = kusto.Language.KustoCode.Parse(text);
    const list = code.GetDiagnostics();
    const diagnostics = [];
    for (let i = 0; i < list.Count; i++) {
      const d = list.getItem(i);
      diagnostics.push({ message: d.Message ?? 'syntax error', start: d.Start, length: d.Length });
    }
    return { root: code.Syntax, diagnostics };
  } catch (e) {
    return { diagnostics: [], failure: `Kusto parser failed: ${(e as Error).message}` };
  }
}
