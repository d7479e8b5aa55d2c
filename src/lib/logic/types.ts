/** The condition tree every extractor produces, whatever the rule's language. */
import type { Diagnostic } from '../diagnostics.ts';

export const LEAF_KINDS = [
  'eq',
  'ne',
  'in',
  'contains',
  'startswith',
  'endswith',
  'regex',
  'wildcard',
  'cidr',
  'gt',
  'gte',
  'lt',
  'lte',
  'is_null',
  'is_not_null',
  /** Free-text search over the whole event (Sigma keywords, bare SPL/lucene terms); field is "*". */
  'keyword',
] as const;
export type LeafKind = (typeof LEAF_KINDS)[number];

export type Value = string | number | boolean | null;

/** Where a node came from in the rule's source (1-based). */
export interface SourceLocation {
  line: number;
  column?: number;
}

export interface Leaf {
  type: 'leaf';
  /** Dotted path as the rule writes it (eventName, requestParameters.enable, process.name, $e.metadata.event_type). */
  field: string;
  kind: LeafKind;
  /** Values in the rule's own order; empty for is_null / is_not_null. */
  values: Value[];
  /** True when the comparison is case-sensitive where the language distinguishes (Sigma |cased, KQL ==, EQL ==). */
  caseSensitive?: boolean;
  /** True when every value must match (Sigma |all, KQL has_all); otherwise any value matches. */
  all?: boolean;
  loc?: SourceLocation;
}

export interface And {
  type: 'and';
  children: Condition[];
}

export interface Or {
  type: 'or';
  children: Condition[];
}

export interface Not {
  type: 'not';
  child: Condition;
}

export type Condition = Leaf | And | Or | Not;

export type LogicStatus = 'full' | 'partial' | 'none';

/** The detection logic of one rule as extracted from its source. */
export interface RuleLogic {
  /**
   * full: the tree is the whole filter; partial: the rule also runs logic no filter expresses
   * (loops, allow-lists, counters, joins, lookups); none: nothing could be extracted.
   */
  status: LogicStatus;
  /** Top-level conjuncts: the rule matches when all of them hold. Empty when status is none. */
  conjuncts: Condition[];
  /** Why the extraction is partial or none (short phrases: "sequence", "join", "loop over ALLOW_LIST"). */
  reasons: string[];
  /** Fields the rule emits when it matches, in the rule's order, without duplicates. */
  outputFields: string[];
  /** What the parser could not understand, with locations in the query. */
  diagnostics: Diagnostic[];
  /** Catalog IDs or upstream IDs / names of rules this rule builds on (Sigma correlations, Panther correlation rules). */
  relatedRules?: string[];
  /** Agreement with the rule's own unit tests, where it has them. */
  tests?: TestAgreement;
}

export interface TestAgreement {
  cases: number;
  agree: number;
  /** Names of the tests where the extracted tree disagrees with ExpectedResult. */
  disagreeing: string[];
}
