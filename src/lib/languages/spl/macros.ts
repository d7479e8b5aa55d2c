/**
 * SPL macro expansion at token level: a `macro(args)` token is replaced by the tokens of its definition
 * (arguments substituted for $name$), recursively up to a depth limit. Spliced tokens keep the offset of
 * the call, so diagnostics point at the macro in the rule's own search.
 */
import { tokenize, type Token } from './tokens.ts';

export interface MacroDefinition {
  name: string;
  definition: string;
  arguments: string[];
}

/** Macros by `name` and, for macros with arguments, by `name(n)` as Splunk keys them. */
export type MacroTable = Map<string, MacroDefinition>;

export const MAX_MACRO_DEPTH = 8;

/** Macros every Splunk ES install has but security_content does not ship in macros/. */
const BUILTINS: MacroDefinition[] = [
  // Strips the data model object prefix: Processes.process_name becomes process_name.
  { name: 'drop_dm_object_name', arguments: ['object'], definition: 'rename $object$.* AS *' },
];

export function macroKey(name: string, argCount: number): string {
  return argCount ? `${name}(${argCount})` : name;
}

export function macroTable(defs: MacroDefinition[]): MacroTable {
  const table: MacroTable = new Map();
  for (const d of [...BUILTINS, ...defs]) table.set(macroKey(d.name.replace(/\(\d+\)$/, ''), d.arguments.length), d);
  return table;
}

/** Splits `name(a, "b,c")` into its name and top-level comma-separated arguments. */
export function parseMacroCall(text: string): { name: string; args: string[] } {
  const open = text.indexOf('(');
  if (open < 0 || !text.endsWith(')')) return { name: text.trim(), args: [] };
  const args: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const c of text.slice(open + 1, -1)) {
    if (c === '"') quoted = !quoted;
    if (!quoted && c === '(') depth++;
    if (!quoted && c === ')') depth--;
    if (!quoted && depth === 0 && c === ',') {
      args.push(current.trim());
      current = '';
    } else current += c;
  }
  if (current.trim() || args.length) args.push(current.trim());
  // security_content writes both drop_dm_object_name(Processes) and drop_dm_object_name("Processes").
  const unquoted = args.map((a) => (a.length >= 2 && a.startsWith('"') && a.endsWith('"') ? a.slice(1, -1) : a));
  return { name: text.slice(0, open).trim(), args: unquoted };
}

/** A `*_filter` macro is each customer's tuning hook: security_content ships it empty (`search *`) or not at all. */
export function isPlaceholderFilter(name: string, def: MacroDefinition | undefined): boolean {
  if (!name.endsWith('_filter')) return false;
  if (!def) return true;
  const body = def.definition.trim();
  return body === '' || body === 'search *' || body === '*';
}

export interface ExpansionResult {
  tokens: Token[];
  /** Macros that are neither defined nor placeholder filters. */
  unknown: { name: string; offset: number }[];
  /** Calls that hit the depth limit (a macro that calls itself). */
  tooDeep: { name: string; offset: number }[];
}

export function expandMacros(tokens: Token[], table: MacroTable, depth = 0): ExpansionResult {
  const out: Token[] = [];
  const result: ExpansionResult = { tokens: out, unknown: [], tooDeep: [] };
  for (const t of tokens) {
    if (t.type !== 'macro') {
      out.push(t);
      continue;
    }
    const { name, args } = parseMacroCall(t.value);
    const def = table.get(macroKey(name, args.length));
    if (isPlaceholderFilter(name, def)) continue;
    if (!def) {
      result.unknown.push({ name, offset: t.offset });
      continue;
    }
    if (depth >= MAX_MACRO_DEPTH) {
      result.tooDeep.push({ name, offset: t.offset });
      continue;
    }
    let body = def.definition;
    def.arguments.forEach((arg, i) => {
      body = body.split(`$${arg}$`).join(args[i] ?? '');
    });
    const spliced = tokenize(body).tokens.map((s) => ({ ...s, offset: t.offset, macro: t.macro ?? name }));
    const inner = expandMacros(spliced, table, depth + 1);
    out.push(...inner.tokens);
    result.unknown.push(...inner.unknown);
    result.tooDeep.push(...inner.tooDeep);
  }
  return result;
}
