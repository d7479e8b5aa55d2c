/**
 * Panther simple detections (`Detection:` YAML match expressions) → condition tree.
 * The list at the top is an implicit All; All/Any/OnlyOne/None nest; each match expression names a Key
 * (dotted) or KeyPath (JSONPath-like) or DeepKey (list of keys), a Condition and a Value or Values.
 */
import type { Condition, LeafKind, Value } from '../../logic/types.ts';
import { and, leaf, not, or } from '../../logic/tree.ts';

export interface DetectionResult {
  condition?: Condition;
  reasons: string[];
}

type Op = { kind: LeafKind; negate?: boolean; caseInsensitive?: boolean };

const CONDITIONS: Record<string, Op> = {
  Equals: { kind: 'eq' },
  DoesNotEqual: { kind: 'eq', negate: true },
  EqualsCaseInsensitive: { kind: 'eq', caseInsensitive: true },
  IsIn: { kind: 'in' },
  IsNotIn: { kind: 'in', negate: true },
  Contains: { kind: 'contains' },
  DoesNotContain: { kind: 'contains', negate: true },
  ContainsCaseInsensitive: { kind: 'contains', caseInsensitive: true },
  StartsWith: { kind: 'startswith' },
  DoesNotStartWith: { kind: 'startswith', negate: true },
  EndsWith: { kind: 'endswith' },
  DoesNotEndWith: { kind: 'endswith', negate: true },
  IsGreaterThan: { kind: 'gt' },
  IsGreaterThanOrEquals: { kind: 'gte' },
  IsGreaterThanOrEqual: { kind: 'gte' },
  IsLessThan: { kind: 'lt' },
  IsLessThanOrEquals: { kind: 'lte' },
  IsLessThanOrEqual: { kind: 'lte' },
  IsIPAddressInCIDR: { kind: 'cidr' },
  IsIPAddressNotInCIDR: { kind: 'cidr', negate: true },
  CIDRContainsIP: { kind: 'cidr' },
  IsNull: { kind: 'is_null' },
  IsNullOrEmpty: { kind: 'is_null' },
  DoesNotExist: { kind: 'is_null' },
  IsNotNull: { kind: 'is_not_null' },
  IsNotNullOrEmpty: { kind: 'is_not_null' },
  Exists: { kind: 'is_not_null' },
  MatchesRegex: { kind: 'regex' },
};

function scalar(v: unknown): v is Value {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}

function fieldOf(expr: Record<string, unknown>): string | undefined {
  if (typeof expr.Key === 'string') return expr.Key;
  if (typeof expr.KeyPath === 'string') return expr.KeyPath.replace(/^\$\.?/, '').replace(/\[\*\]|\[\d+\]/g, '');
  if (Array.isArray(expr.DeepKey)) return expr.DeepKey.map(String).join('.');
  return undefined;
}

export function translateDetection(detection: unknown): DetectionResult {
  const reasons: string[] = [];

  const group = (items: unknown, combine: 'all' | 'any' | 'none' | 'onlyOne'): Condition | undefined => {
    if (!Array.isArray(items)) {
      reasons.push('unsupported detection: group is not a list');
      return undefined;
    }
    const cs = items.map(expression);
    if (combine === 'all') return and(...cs);
    if (combine === 'any') return or(...cs);
    if (combine === 'none') return not(or(...cs));
    reasons.push('OnlyOne');
    return or(...cs);
  };

  const expression = (e: unknown): Condition | undefined => {
    if (!e || typeof e !== 'object') {
      reasons.push('unsupported detection: not a match expression');
      return undefined;
    }
    const expr = e as Record<string, unknown>;
    if ('All' in expr) return group(expr.All, 'all');
    if ('Any' in expr) return group(expr.Any, 'any');
    if ('None' in expr) return group(expr.None, 'none');
    if ('OnlyOne' in expr) return group(expr.OnlyOne, 'onlyOne');
    if ('Group' in expr || 'Sequence' in expr) {
      reasons.push('correlation');
      return undefined;
    }
    const field = fieldOf(expr);
    const condition = String(expr.Condition ?? '');
    if (!field) {
      reasons.push(`unsupported detection: ${condition || 'no key'}`);
      return undefined;
    }
    if ('Expressions' in expr) {
      reasons.push(`list comprehension: ${condition}`);
      return undefined;
    }
    if (typeof expr.Key === 'string' && 'Values' in expr === false && typeof expr.Value === 'object' && expr.Value !== null) {
      reasons.push('key comparison');
      return undefined;
    }
    const op = CONDITIONS[condition];
    if (!op) {
      reasons.push(`unsupported condition: ${condition}`);
      return undefined;
    }
    const raw = 'Values' in expr ? expr.Values : expr.Value;
    const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(scalar);
    const nullTest = op.kind === 'is_null' || op.kind === 'is_not_null';
    if (!nullTest && values.length === 0) {
      reasons.push(`missing value: ${condition}`);
      return undefined;
    }
    const kind: LeafKind = op.kind === 'eq' && values.length > 1 ? 'in' : op.kind === 'in' && values.length === 1 ? 'eq' : op.kind;
    const l = leaf(field, kind, nullTest ? [] : values, op.caseInsensitive || nullTest ? {} : { caseSensitive: true });
    return op.negate ? not(l) : l;
  };

  const condition = group(Array.isArray(detection) ? detection : [detection], 'all');
  return { condition, reasons: [...new Set(reasons)] };
}
