/**
 * Cross-vendor knowledge derived from all rules' condition trees: canonical fields, rules detecting the same
 * action, indicator corpus counts. Placeholder contract: the implementation fills these in.
 */
import type { Rule } from '../model.ts';
import type { LeafKind, Value } from '../logic/types.ts';

export interface RuleRef {
  id: string;
  title: string;
  vendor: Rule['vendor'];
  url: string;
}

export interface ActionRef {
  platform: string;
  /** The action value as the rule writes it (DeleteTrail, 4688, Add member to role.). */
  action: string;
  /** Site path of the action page: /actions/<platform-slug>/<action-slug>/ */
  url: string;
}

export interface Knowledge {
  /** Other rules on the same platform filtering positively on one of this rule's action values, sorted by title. */
  sameAction(ruleId: string): RuleRef[];
  /** The actions this rule filters on positively. */
  actionsOf(ruleId: string): ActionRef[];
  /** How many other rules look for the same (canonical field, kind, value); values of an `in` list count one by one. */
  indicatorCount(ruleId: string, field: string, kind: LeafKind, value: Value): number;
}

export function deriveKnowledge(_rules: Rule[]): Knowledge {
  return {
    sameAction: () => [],
    actionsOf: () => [],
    indicatorCount: () => 0,
  };
}
