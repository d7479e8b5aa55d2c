/**
 * Sigma detection items into condition trees: a selection is a map (every field item holds: and), a list of
 * maps (any map holds: or) or a list of keywords (free text anywhere in the event: field "*", kind keyword).
 *
 * Encoded modifiers: the tree holds what the backend really matches, because that is what the log contains.
 * base64 / base64offset / utf16* / wide give the encoded strings (base64offset: its three offsets, each any-of);
 * windash gives the value as written first, then its dash variants. The author's plaintext stays in the rule
 * body beside the tree; the page's indicator values then match what other vendors write for the same thing.
 */
import { warning, type Diagnostic } from '../../diagnostics.ts';
import { and, leaf, or } from '../../logic/tree.ts';
import type { Condition, Leaf, LeafKind, Value } from '../../logic/types.ts';
import { parseFieldKey, type ModifierSpec } from './modifiers.ts';
import { applyEncodings, classifyString, unescapeSigma, windashVariants } from './values.ts';
import type { LineIndex } from './document.ts';

/** What building a tree reports back: reasons make the logic partial, diagnostics point into the file. */
export interface BuildContext {
  file: string;
  lines: LineIndex;
  reasons: string[];
  diagnostics: Diagnostic[];
}

type Item = { kind: LeafKind; value: Value };

/** `{ loc }` when the line of the entry is known, else nothing (so trees compare cleanly by value). */
function loc(ctx: BuildContext, path: string): Partial<Leaf> {
  const line = ctx.lines[path];
  return line ? { loc: { line } } : {};
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function scalarText(v: unknown): string {
  return v instanceof Date ? v.toISOString() : String(v);
}

/** Leaves from grouped items: one leaf per kind in first-seen order; several exact values make one `in`. */
function leavesFromItems(field: string, items: Item[], extra: Partial<Leaf>): Leaf[] {
  const groups = new Map<LeafKind, Value[]>();
  for (const { kind, value } of items) {
    const values = groups.get(kind) ?? [];
    if (kind !== 'is_null' && kind !== 'is_not_null' && !values.includes(value)) values.push(value);
    groups.set(kind, values);
  }
  return [...groups.entries()].map(([kind, values]) => {
    const k: LeafKind = kind === 'eq' && values.length > 1 ? 'in' : kind;
    return leaf(field, k, values, extra);
  });
}

/** The items one written value stands for (several with windash or base64offset). */
function itemsForValue(raw: unknown, spec: ModifierSpec, ctx: BuildContext, field: string, path: string): Item[] {
  if (raw === null || raw === undefined) return [{ kind: 'is_null', value: null }];
  if (spec.operator === 'exists') return [{ kind: raw === false || raw === 'false' ? 'is_null' : 'is_not_null', value: null }];
  if (spec.operator === 'fieldref') {
    ctx.reasons.push(`field comparison: ${field} = ${scalarText(raw)}`);
    return [];
  }
  if (spec.operator === 're') return [{ kind: 'regex', value: regexWithFlags(scalarText(raw), spec.reFlags) }];
  if (spec.operator === 'cidr') return [{ kind: 'cidr', value: scalarText(raw) }];
  if (spec.operator && ['gt', 'gte', 'lt', 'lte'].includes(spec.operator)) {
    const n = typeof raw === 'number' ? raw : Number(raw);
    return [{ kind: spec.operator as LeafKind, value: Number.isFinite(n) ? n : scalarText(raw) }];
  }
  if (spec.timePart) ctx.reasons.push(`time modifier: ${spec.timePart} of ${field}`);
  if (typeof raw === 'number' || typeof raw === 'boolean') {
    if (spec.match === 'eq' && !spec.encodings.length) return [{ kind: spec.operator === 'ne' ? 'ne' : 'eq', value: raw }];
    raw = String(raw);
  }
  if (!isScalar(raw)) {
    ctx.diagnostics.push(warning(ctx.file, 'sigma-value', `unsupported value for ${field}: ${JSON.stringify(raw)}`, ctx.lines[path]));
    ctx.reasons.push(`unsupported value: ${field}`);
    return [];
  }
  const written = scalarText(raw);
  if (spec.expand) ctx.reasons.push(`placeholder: ${written}`);
  let variants = spec.windash ? windashVariants(written) : [written];
  if (spec.encodings.length) {
    // Encoded values are bytes in the log: wildcards cannot apply, so the text is taken literally.
    variants = variants.flatMap((v) => applyEncodings(unescapeSigma(v), spec.encodings)).map((v) => v.replace(/[\\*?]/g, (c) => `\\${c}`));
  }
  return variants.map((v) => {
    const c = classifyString(v, spec.match);
    if (c.kind === 'is_not_null') return { kind: 'is_not_null', value: null };
    const kind: LeafKind = spec.operator === 'ne' && c.kind === 'eq' ? 'ne' : c.kind;
    return { kind, value: c.value };
  });
}

/** re flags: `i` is the leaf's case-insensitivity; `m` and `s` become inline flags, which every regex engine reads. */
function regexWithFlags(pattern: string, flags: string[]): string {
  const inline = flags.filter((f) => f !== 'i');
  return inline.length ? `(?${[...new Set(inline)].join('')})${pattern}` : pattern;
}

/** One `Field|modifiers: value(s)` entry. */
export function fieldCondition(key: string, value: unknown, ctx: BuildContext, path: string): Condition | undefined {
  const { field, spec } = parseFieldKey(key);
  for (const u of spec.unknown) {
    ctx.reasons.push(`unknown modifier: ${u}`);
    ctx.diagnostics.push(warning(ctx.file, 'sigma-modifier', `unknown value modifier "${u}" on ${field || 'keywords'}`, ctx.lines[path]));
  }
  const written = Array.isArray(value) ? value : [value];
  // Regexes are case-sensitive unless |i is given or every pattern opens with the inline flag (?i).
  const inlineInsensitive = written.length > 0 && written.every((v) => typeof v === 'string' && /^\(\?[a-z]*i[a-z]*\)/.test(v));
  const caseSensitive = spec.cased || (spec.operator === 're' && !spec.reFlags.includes('i') && !inlineInsensitive);
  const extra: Partial<Leaf> = { ...(caseSensitive ? { caseSensitive: true } : {}), ...loc(ctx, path) };
  if (written.length === 0) {
    ctx.diagnostics.push(warning(ctx.file, 'sigma-value', `empty value list for ${key}`, ctx.lines[path]));
    return undefined;
  }
  if (!field) return keywordCondition(written, spec, extra);
  const perValue = written.map((v) => itemsForValue(v, spec, ctx, field, path));
  if (spec.all && written.length > 1) {
    // Every written value must match; a value that expanded into variants matches through any of them.
    if (perValue.some((items) => items.length !== 1)) return and(...perValue.map((items) => or(...leavesFromItems(field, items, extra))));
    return and(...leavesFromItems(field, perValue.flat(), extra).map(allOf));
  }
  return or(...leavesFromItems(field, perValue.flat(), extra));
}

/** A leaf whose values must all match: `all: true`, except exact values, which become an and of eq leaves. */
function allOf(l: Leaf): Condition {
  if (l.values.length < 2) return l;
  if (l.kind !== 'in') return { ...l, all: true };
  return and(...l.values.map((v) => leaf(l.field, 'eq', [v], { ...(l.caseSensitive ? { caseSensitive: true } : {}), ...(l.loc ? { loc: l.loc } : {}) })))!;
}

/**
 * A keyword as the text it looks for: escapes read as in field values (`\\` one backslash, `\*` a star),
 * wildcards left as written.
 */
function keywordText(v: string | number | boolean): Value {
  return typeof v === 'string' ? unescapeSigma(v) : v;
}

/** Keywords: free text anywhere in the event, as written (wildcards included). */
function keywordCondition(values: unknown[], spec: ModifierSpec, extra: Partial<Leaf>): Condition | undefined {
  const texts = values.filter((v) => v !== null && v !== undefined).map((v) => unescapeSigma(scalarText(v)));
  if (!texts.length) return undefined;
  const all = spec.all && texts.length > 1;
  return leaf('*', 'keyword', texts, { ...extra, ...(all ? { all: true } : {}) });
}

/** A map of field items: every item holds. */
function mapCondition(map: Record<string, unknown>, ctx: BuildContext, path: string): Condition | undefined {
  const children = Object.entries(map).map(([key, value]) => fieldCondition(key, value, ctx, `${path}/${key}`));
  return and(...children);
}

/** One named selection (or filter) of the detection block. */
export function selectionCondition(name: string, value: unknown, ctx: BuildContext): Condition | undefined {
  if (isScalar(value)) return leaf('*', 'keyword', [keywordText(value)], loc(ctx, name));
  if (Array.isArray(value)) {
    const keywords = value.filter(isScalar);
    const nulls = value.filter((v) => v === null).length;
    const maps = value.map((v, i) => ({ v, i })).filter(({ v }) => typeof v === 'object' && v !== null && !Array.isArray(v));
    const branches: (Condition | undefined)[] = [];
    if (keywords.length) branches.push(leaf('*', 'keyword', keywords.map(keywordText), loc(ctx, name)));
    for (const { v, i } of maps) branches.push(mapCondition(v as Record<string, unknown>, ctx, `${name}/${i}`));
    if (keywords.length + nulls + maps.length < value.length) {
      ctx.diagnostics.push(warning(ctx.file, 'sigma-selection', `selection ${name} holds nested lists`, ctx.lines[name]));
      ctx.reasons.push(`unsupported selection: ${name}`);
    }
    return or(...branches);
  }
  if (typeof value === 'object' && value !== null) return mapCondition(value as Record<string, unknown>, ctx, name);
  ctx.diagnostics.push(warning(ctx.file, 'sigma-selection', `selection ${name} is empty`, ctx.lines[name]));
  return undefined;
}
