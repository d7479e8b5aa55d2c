/**
 * A rule's `filters`: Kibana filter pills, each an Elasticsearch query-DSL clause ANDed with the query
 * (negated when meta.negate, skipped when meta.disabled). The DSL is a JSON tree, so this walks it.
 */
import { and, leaf, not, or } from '../../logic/tree.ts';
import type { Condition, LeafKind, Value } from '../../logic/types.ts';

type Json = Record<string, unknown>;
const asJson = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const isValue = (v: unknown): v is Value => v === null || ['string', 'number', 'boolean'].includes(typeof v);

const RANGE_KINDS: Record<string, LeafKind> = { gt: 'gt', gte: 'gte', lt: 'lt', lte: 'lte' };

export interface FiltersResult {
  condition?: Condition;
  /** DSL clauses with no leaf form, by name. */
  unsupported: string[];
}

export function filtersCondition(filters: unknown): FiltersResult {
  const unsupported: string[] = [];
  const parts = asList(filters).map((raw) => {
    const filter = asJson(raw);
    const meta = asJson(filter.meta);
    if (meta.disabled === true) return undefined;
    // Older exports put the clause beside meta instead of under query.
    const clause = filter.query ?? Object.fromEntries(Object.entries(filter).filter(([k]) => k !== 'meta' && k !== '$state'));
    const c = dslCondition(asJson(clause), unsupported);
    return meta.negate === true ? not(c) : c;
  });
  return { condition: and(...parts), unsupported };
}

/** The single `{ field: spec }` pair of a leaf clause such as `{ term: { "user.name": "x" } }`. */
function fieldSpec(body: unknown): [string, unknown] | undefined {
  const entries = Object.entries(asJson(body));
  return entries.length === 1 ? entries[0] : undefined;
}

function dslCondition(clause: Json, unsupported: string[]): Condition | undefined {
  const parts: (Condition | undefined)[] = [];
  for (const [name, body] of Object.entries(clause)) {
    const spec = fieldSpec(body);
    switch (name) {
      case 'bool': {
        const b = asJson(body);
        const sub = (key: string) => asList(b[key]).map((c) => dslCondition(asJson(c), unsupported));
        parts.push(and(...sub('must'), ...sub('filter'), or(...sub('should')), ...sub('must_not').map(not)));
        break;
      }
      case 'exists':
        if (typeof asJson(body).field === 'string') parts.push(leaf(asJson(body).field as string, 'is_not_null'));
        break;
      case 'term':
      case 'match':
      case 'match_phrase': {
        if (!spec) break;
        const value = isValue(spec[1]) ? spec[1] : asJson(spec[1]).value ?? asJson(spec[1]).query;
        if (isValue(value)) parts.push(leaf(spec[0], 'eq', [value], name === 'term' && typeof value === 'string' ? { caseSensitive: true } : {}));
        break;
      }
      case 'terms':
        if (spec && Array.isArray(spec[1])) parts.push(leaf(spec[0], 'in', spec[1].filter(isValue)));
        break;
      case 'wildcard':
      case 'prefix':
      case 'regexp': {
        if (!spec) break;
        const s = asJson(spec[1]);
        let value = isValue(spec[1]) ? spec[1] : (s.value ?? s.wildcard);
        // Wildcard patterns escape with a backslash: \\ is one backslash, written once as the query languages do.
        if (name === 'wildcard' && typeof value === 'string') value = value.replace(/\\\\/g, '\\');
        const kind: LeafKind = name === 'wildcard' ? 'wildcard' : name === 'prefix' ? 'startswith' : 'regex';
        if (isValue(value)) parts.push(leaf(spec[0], kind, [value], s.case_insensitive === true ? {} : { caseSensitive: true }));
        break;
      }
      case 'range':
        if (spec) {
          const bounds = Object.entries(asJson(spec[1])).filter(([k, v]) => RANGE_KINDS[k] && isValue(v));
          parts.push(and(...bounds.map(([k, v]) => leaf(spec[0], RANGE_KINDS[k], [v as Value]))));
        }
        break;
      default:
        unsupported.push(name);
    }
  }
  return and(...parts);
}
