/**
 * Whether a rule's conditions can hold for an action of one service: action-match.ts decides the action field
 * alone; here the service field (CloudTrail's eventSource...) is decided too, in the same three-valued
 * evaluation, so that `(eventSource = sns and eventName = AddPermission) or (eventSource = sqs and eventName =
 * DeleteQueue)` watches SNS's AddPermission and not SQS's.
 */
import type { Condition, Leaf } from '../logic/types.ts';
import { compileLeaf, type Candidate, type CompiledLeaf } from './action-match.ts';
import type { CanonicalField } from './canonical-table.ts';

export type PairRole = 'action' | 'service';

export interface PairMatcher {
  /** Service values that positive service leaves name exactly: key (lower-cased) → spelling. */
  namedServices: Map<string, string>;
  /** True when some leaf filters on the service field (positively or not). */
  hasServiceLeaves: boolean;
  /** Some positive action leaf names or matches the action. */
  names(action: Candidate): boolean;
  /** Not false in three-valued logic with the action decided, and the service too when given. */
  holds(action: Candidate, service?: Candidate): boolean;
}

const FALSE = 0;
const TRUE = 1;
const UNKNOWN = 2;
type Tri = typeof FALSE | typeof TRUE | typeof UNKNOWN;

/** A service value as a candidate: services compare case-insensitively. */
export function serviceCandidate(service: string): Candidate {
  return { key: service.toLowerCase(), spelling: service };
}

/** A service that no leaf can name: a rule still holding for it does not constrain the service. */
export const NO_SERVICE: Candidate = { key: '\u0000', spelling: '\u0000' };

export function compilePair(conjuncts: Condition[], roleOf: (leaf: Leaf) => { role: PairRole; field: CanonicalField } | undefined): PairMatcher {
  const compiled = new Map<Leaf, { role: PairRole; leaf: CompiledLeaf }>();
  const namedServices = new Map<string, string>();
  const positives: ((c: Candidate) => boolean)[] = [];
  let hasServiceLeaves = false;
  const visit = (c: Condition, negated: boolean) => {
    if (c.type === 'leaf') {
      const r = roleOf(c);
      if (!r) return;
      // Services compare case-insensitively whatever the field's case rule.
      const field = r.role === 'service' ? { ...r.field, caseInsensitive: true } : r.field;
      const leaf = compileLeaf(c, field);
      compiled.set(c, { role: r.role, leaf });
      if (r.role === 'action' && !negated && leaf.test && c.kind !== 'ne' && c.kind !== 'is_null' && c.kind !== 'is_not_null') positives.push(leaf.test);
      if (r.role !== 'service') return;
      hasServiceLeaves = true;
      if (!negated && leaf.exact && c.kind !== 'ne') for (const [k, s] of leaf.exact) namedServices.set(k, s);
    } else if (c.type === 'not') visit(c.child, !negated);
    else if (c.type === 'scope') visit(c.child, negated);
    else for (const child of c.children) visit(child, negated);
  };
  for (const c of conjuncts) visit(c, false);

  const evaluate = (c: Condition, action: Candidate, service: Candidate | undefined): Tri => {
    switch (c.type) {
      case 'leaf': {
        const hit = compiled.get(c);
        if (!hit?.leaf.test) return UNKNOWN;
        const value = hit.role === 'action' ? action : service;
        if (!value) return UNKNOWN;
        return hit.leaf.test(value) ? TRUE : FALSE;
      }
      case 'scope':
        return UNKNOWN;
      case 'not': {
        const r = evaluate(c.child, action, service);
        return r === UNKNOWN ? UNKNOWN : r === TRUE ? FALSE : TRUE;
      }
      case 'and': {
        let result: Tri = TRUE;
        for (const child of c.children) {
          const r = evaluate(child, action, service);
          if (r === FALSE) return FALSE;
          if (r === UNKNOWN) result = UNKNOWN;
        }
        return result;
      }
      case 'or': {
        let result: Tri = FALSE;
        for (const child of c.children) {
          const r = evaluate(child, action, service);
          if (r === TRUE) return TRUE;
          if (r === UNKNOWN) result = UNKNOWN;
        }
        return result;
      }
    }
  };
  return {
    namedServices,
    hasServiceLeaves,
    names: (action) => positives.some((t) => t(action)),
    holds: (action, service) => conjuncts.every((c) => evaluate(c, action, service) !== FALSE),
  };
}

/**
 * One matcher over a rule's stages (a sequence, a join): it holds for an action on a service when a stage that
 * names the action holds for both; a stage about other events says nothing about this action's service.
 */
export function compileStagePairs(stages: Condition[][], roleOf: (leaf: Leaf) => { role: PairRole; field: CanonicalField } | undefined): PairMatcher {
  const matchers = stages.map((conjuncts) => compilePair(conjuncts, roleOf));
  if (matchers.length === 1) return matchers[0];
  return {
    namedServices: new Map(matchers.flatMap((m) => [...m.namedServices])),
    hasServiceLeaves: matchers.some((m) => m.hasServiceLeaves),
    names: (action) => matchers.some((m) => m.names(action)),
    holds: (action, service) => matchers.some((m) => m.names(action) && m.holds(action, service)),
  };
}
