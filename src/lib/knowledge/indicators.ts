/**
 * Indicator identity: when two rules "look for the same combination" of canonical field, kind and value.
 *
 * Equivalences (so that vendors writing the same test differently count together):
 * - the field is resolved to its canonical field on the rule's platform (content/canonical-fields.yaml); a field
 *   the table does not know stays as written (after normalizeFieldName) and only meets the same name on the
 *   same platform;
 * - `in` and `eq` are the same kind: every value of an `in` list (or of any multi-value leaf) is its own indicator;
 * - a `wildcard` without wildcard characters is `eq`; `*x*`, `x*`, `*x` are `contains`, `startswith`, `endswith`;
 * - a `regex` that is a literal apart from anchors and a leading `(?i)` is `eq` (`^x$`), `startswith` (`^x`),
 *   `endswith` (`x$`) or `contains` (`x`): YARA-L's `/\\cmd\.exe$/` meets Sigma's `|endswith: '\cmd.exe'`;
 * - a path field's `endswith "\\cmd.exe"` (or "/bash") is its file-name field's `eq "cmd.exe"` (the table's
 *   `basename`), so Sigma's Image|endswith meets Elastic's process.name;
 * - values of case-insensitive canonical fields are lower-cased; numbers and booleans compare as text
 *   (EventID 4688 = "4688"); is_null / is_not_null carry no value.
 */
import type { VendorId } from '../definitions.ts';
import type { LeafKind, Value } from '../logic/types.ts';
import { normalizeFieldName, type CanonicalField, type CanonicalTable } from './canonical-table.ts';

export interface IndicatorIdentity {
  /** Table group of the canonical field, or `raw:<platform>` for a field the table does not know. */
  scope: string;
  field: string;
  kind: LeafKind;
  value: string;
}

export function valueText(value: Value): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

const WILDCARD = /[*?]/;

/** Rewrites a wildcard pattern that is really eq / contains / startswith / endswith. */
export function simplifyWildcard(kind: LeafKind, value: string): { kind: LeafKind; value: string } {
  if (kind !== 'wildcard') return { kind, value };
  if (!WILDCARD.test(value)) return { kind: 'eq', value };
  const inner = value.match(/^\*+([^*?]+)\*+$/);
  if (inner) return { kind: 'contains', value: inner[1] };
  const head = value.match(/^([^*?]+)\*+$/);
  if (head) return { kind: 'startswith', value: head[1] };
  const tail = value.match(/^\*+([^*?]+)$/);
  if (tail) return { kind: 'endswith', value: tail[1] };
  return { kind, value };
}

const REGEX_META = /[.*+?()[\]{}|^$]/;
const LITERAL_ESCAPE = /^[.*+?()[\]{}|^$\\/\-"' #:=@%&,;<>!~`]$/;

/** The literal a regex stands for, or undefined when it uses any real regex construct. */
function regexLiteral(body: string): string | undefined {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\') {
      const next = body[i + 1];
      if (next === undefined || !LITERAL_ESCAPE.test(next)) return undefined;
      out += next;
      i++;
    } else if (REGEX_META.test(ch)) return undefined;
    else out += ch;
  }
  return out || undefined;
}

/** Rewrites a regex that is really eq / startswith / endswith / contains of a literal. */
export function simplifyRegex(kind: LeafKind, value: string): { kind: LeafKind; value: string } {
  if (kind !== 'regex') return { kind, value };
  let body = value.replace(/^\(\?i\)/, '');
  const head = body.startsWith('^');
  if (head) body = body.slice(1);
  const tail = body.endsWith('$') && !body.endsWith('\\$');
  if (tail) body = body.slice(0, -1);
  const literal = regexLiteral(body);
  if (literal === undefined) return { kind, value };
  return { kind: head && tail ? 'eq' : head ? 'startswith' : tail ? 'endswith' : 'contains', value: literal };
}

export function identityOf(resolved: CanonicalField | undefined, platform: string | undefined, field: string, kind: LeafKind, value: Value): IndicatorIdentity {
  const scope = resolved ? resolved.group : `raw:${platform ?? ''}`;
  let canonical = resolved ? resolved.canonical : normalizeFieldName(field);
  let k: LeafKind = kind === 'in' ? 'eq' : kind;
  let text = k === 'is_null' || k === 'is_not_null' ? '' : valueText(value);
  ({ kind: k, value: text } = simplifyWildcard(k, text));
  ({ kind: k, value: text } = simplifyRegex(k, text));
  if (resolved?.basename && k === 'endswith' && /^[\\/][^\\/]+$/.test(text)) {
    canonical = resolved.basename;
    k = 'eq';
    text = text.slice(1);
  }
  if (resolved?.caseInsensitive) text = text.toLowerCase();
  return { scope, field: canonical, kind: k, value: text };
}

export function identityKey(id: IndicatorIdentity): string {
  return `${id.scope}\u0001${id.field}\u0001${id.kind}\u0001${id.value}`;
}

/** Keys of every value of one leaf (one key for a leaf without values), resolving the field once. */
export function leafKeys(table: CanonicalTable, vendor: VendorId, platform: string | undefined, field: string, kind: LeafKind, values: Value[]): string[] {
  const resolved = table.resolve(vendor, platform, field);
  if (!values.length) return [identityKey(identityOf(resolved, platform, field, kind, null))];
  return values.map((v) => identityKey(identityOf(resolved, platform, field, kind, v)));
}

/** The key of one (field, kind, value) of a rule, as the rule writes it. */
export function indicatorKey(table: CanonicalTable, vendor: VendorId, platform: string | undefined, field: string, kind: LeafKind, value: Value): string {
  return identityKey(identityOf(table.resolve(vendor, platform, field), platform, field, kind, value));
}
