/** The condition tree every extractor produces, whatever the rule's language. */
import type { Diagnostic } from '../diagnostics.ts';
import type { Derivation } from './derive.ts';

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

/**
 * How a leaf compares, in words a reader can check against the rule: exact value, whole term (KQL has),
 * phrase, substring, prefix, suffix, wildcard, regex, CIDR, numeric/text range, field exists, field empty
 * (null or ""), full-text match (ES|QL `:`, bare lucene terms). `leafMatch()` gives a leaf's effective kind.
 */
export const MATCH_KINDS = [
  'exact',
  'term',
  'phrase',
  'substring',
  'prefix',
  'suffix',
  'wildcard',
  'regex',
  'cidr',
  'range',
  'exists',
  'empty',
  'fulltext',
] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

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
  /** Set when the comparison is not the default of `kind` (see `leafMatch()`): KQL has -> term, ES|QL `:` -> fulltext. */
  match?: MatchKind;
  /**
   * Set when the values are not written in the rule but kept in a named list elsewhere (Sublime `$free_email_providers`):
   * the list's name without `$`; `values` then holds the reference as written (`$free_email_providers`).
   */
  listRef?: string;
  /**
   * Set when the leaf compares with another field of the same event rather than with written values (EQL
   * `process.name == process.parent.name`, SPL `where src!=dest`, Python `event.get("a") == event.get("b")`): that
   * field's path as written. `values` is then empty; `kind` says how the two compare (eq, ne, gt, startswith...).
   */
  otherField?: string;
  /**
   * Set when `field` is not a path but a value the rule computes from the event, written as the rule writes it
   * (`length(attachments)`, `tolower(AccountName)`, `ml.nlu_classifier(body.current_thread.text).intents`): the
   * functions the computation calls, as written (`length`, `tolower`, `ml.nlu_classifier`). The tree still states
   * the whole condition; the evaluator computes the functions it knows and leaves the others undecided.
   */
  computed?: string[];
  /**
   * The computation of a `computed` field as steps the evaluator can run (see derive.ts), when every step is one
   * it knows: the leaf is then decided instead of undecided. Absent when any part of the computation is not.
   */
  derive?: Derivation;
  /**
   * Set when the other side of an `otherField` comparison is computed too (`a.split("@")[-1] != b.split("@")[-1]`):
   * its computation as runnable steps; `otherField` then spells it as the rule writes it.
   */
  otherDerive?: Derivation;
  /**
   * Set on a leaf inside a scope whose other side is a field of the whole event, not of the scope's element (a
   * Python loop comparing each item with a value read outside the loop): `otherField` and `otherDerive` read
   * from the event the rule runs on.
   */
  otherOfEvent?: true;
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

/**
 * Array scope: several conditions must hold on the same element of a list (KQL mv-expand / mv-apply,
 * Panther loops over list items, Sublime/MQL `any(list, ...)` / `all(list, ...)`, YARA-L repeated fields bound
 * once). Inside `child`, field paths are relative to one element of `field`; a path of "" or "." is the element.
 * A path starting with `^.` reads what the scope itself stands on: the enclosing scope's element, or the event
 * (`^.Name`, `^.^.Name` two levels up), so that a test on the element can compare it with a value outside it.
 */
export interface Scope {
  type: 'scope';
  quantifier: 'any' | 'all';
  /** The list field as the rule writes it (attachments, Statement, properties.resources). */
  field: string;
  child: Condition;
  /** Set when the list is computed by the rule (`ml.nlu_classifier(body.html).intents`): the functions it calls, as on Leaf. */
  computed?: string[];
  /** The list's computation as runnable steps, as on Leaf. */
  derive?: Derivation;
}

export type Condition = Leaf | And | Or | Not | Scope;

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
  /** Agreement with real sample events the rule must fire on (SigmaHQ regression data), where the source has them. */
  regression?: TestAgreement;
  /**
   * Multi-stage rules (sequences, joins, unions, correlations over other rules' events): one entry per stage,
   * in the rule's order. When present, `conjuncts` is empty and every consumer reads the stages through
   * `logicStages()`; when absent, the rule is one stage whose filter is `conjuncts`.
   */
  stages?: Stage[];
  /** What the rule does across events or on the stages' results; absent for single-event rules. */
  correlation?: Correlation;
}

/** One event filter of a rule: a sequence step, a join side, an event variable, a subquery. */
export interface Stage {
  /** The stage's name or alias exactly as the rule writes it ($login, "step 1", a let-bound name, a Sigma rule ID). */
  name?: string;
  /** The event type, table, index or data model the stage reads, as written (SigninLogs, process, tstats Endpoint.Processes). */
  source?: string;
  /** Top-level conjuncts of the stage's filter (same contract as RuleLogic.conjuncts). */
  conjuncts: Condition[];
  /** Stage-local parts the extractor could not express (same phrasing as RuleLogic.reasons). */
  reasons?: string[];
  /** Sequence `until` / EQL `runs=` / join-side role ("left", "right"), as the rule says it. */
  role?: string;
  /**
   * Keys this stage joins on, as written, when the rule gives each stage its own (EQL `[...] by a`): they pair
   * position by position with the other stages' keys, after the correlation's shared `by`.
   */
  by?: string[];
  /** How many consecutive matching events the stage needs (EQL `with runs=3`); 1 when absent. */
  runs?: number;
  /**
   * The rule whose matches this stage takes, when the stage is another rule (Sigma and Panther correlation rules):
   * its catalog ID when the catalog holds it, else the reference as written (rule name, ID or RuleID).
   */
  rule?: string;
}

export const CORRELATION_KINDS = [
  /** Ordered stages (EQL sequence, Sigma temporal_ordered, Panther Sequence, YARA-L `$a.ts < $b.ts`). */
  'sequence',
  /** Stages that must all occur, in any order (Sigma temporal, Panther Group, YARA-L multi-event without order). */
  'temporal',
  /** Rows of stages matched on keys (KQL/SPL join, YARA-L shared placeholders). */
  'join',
  /** Rows of several stages taken together (KQL union, SPL append). */
  'union',
  /** Count of events per group compared to a number (Elastic threshold, Sigma event_count, Panther Threshold, YARA-L #e > n). */
  'threshold',
  /** Count of distinct values per group (Sigma value_count, YARA-L count_distinct, dc() in SPL). */
  'distinct_count',
  /** Any other aggregation with a filter on its result (stats/summarize then where). */
  'aggregation',
  /** Alert when a value is first seen for a group within a history window (Elastic new_terms). */
  'new_terms',
  /** Event values matched against indicator lists or lookups (Elastic threat_match, KQL TI joins, SPL lookup). */
  'indicator_match',
  /** EQL `sample by`: unordered events sharing keys. */
  'sample',
] as const;
export type CorrelationKind = (typeof CORRELATION_KINDS)[number];

/** The cross-event part of a rule, in the rule's own terms. */
export interface Correlation {
  kind: CorrelationKind;
  /** Group-by / join keys as written (host.id, $userid, UserPrincipalName). */
  by: string[];
  /** Time window as written ("1m", "24h", "10m"), when the rule has one. */
  window?: string;
  /** Whether the stages must occur in order. */
  ordered?: boolean;
  /** The condition on the result as text in the catalog's notation ("count > 5", "distinct_count(city) > 1"). */
  condition?: string;
  /**
   * History window of new_terms ("now-14d"), the lookup / list name of indicator_match, the join kind (inner,
   * leftanti), the aggregating command of an aggregation (stats, tstats, transaction, summarize), the fields a
   * YARA-L match placeholder stands for ("$userid = principal.user.userid").
   */
  detail?: string;
  /** A plain sentence for the page ("Sequence by host.id within 1m: stage 1, then stage 2"). */
  summary?: string;
}

export interface TestAgreement {
  cases: number;
  agree: number;
  /** Names of the tests where the extracted tree disagrees with ExpectedResult (the undecided ones included). */
  disagreeing: string[];
  /** Of `disagreeing`, the tests whose verdict rests on a computed value the catalog does not evaluate. */
  undecided?: string[];
}
