/**
 * The normalized rule model shared by every format, extractor and page.
 * Shared constrained types (severity, vendor, format) live in definitions.ts.
 */
import type { Diagnostic } from './diagnostics.ts';
import type { FormatId, NormalizedSeverity, VendorId, BodyLanguage, QueryLanguage } from './definitions.ts';
import type { RuleLogic } from './logic/types.ts';

/** One file of a rule's body as the author wrote it (Panther rules have a YAML and a Python file). */
export interface RuleFile {
  /** Path relative to the source root, with forward slashes. */
  path: string;
  language: BodyLanguage;
  text: string;
  /** Link to this file upstream, pinned to the snapshot commit, when the source has one. */
  upstreamUrl?: string;
}

/** A unit test embedded in the rule (Panther `Tests:`), or a sample event it must fire on (Sigma regression data). */
export interface RuleTest {
  name: string;
  expected: boolean;
  log: unknown;
  /** Several events of which at least one must match (a Sigma regression EVTX file); `log` is the first. */
  events?: unknown[];
  mocks?: { objectName: string; returnValue: unknown }[];
}

/**
 * A link a rule states to another rule of its source: Sigma `related` (derived, obsolete, merged, renamed, similar:
 * this rule → the named one), or `replaced-by` when a deprecation note names the rule that replaces this one.
 */
export interface RuleRelation {
  type: 'derived' | 'obsolete' | 'merged' | 'renamed' | 'similar' | 'replaced-by';
  /** The other rule's upstream ID, when stated. */
  id?: string;
  /** The other rule's title, when the note names it by title only. */
  title?: string;
}

/** One end of a succession link as the site shows it: a catalog rule, or a retired ID no file holds any more. */
export interface SuccessionLink {
  /** Catalog ID of the rule, when the catalog has it. */
  ruleId?: string;
  upstreamId?: string;
  title?: string;
  url?: string;
  /** How the files state the link (obsolete, merged, renamed, derived, replaced-by). */
  how: RuleRelation['type'];
}

export interface AttackMapping {
  /** Tactics exactly as the rule states them: IDs (TA0005), shortnames (defense-evasion) or names (DefenseEvasion). */
  tactics: string[];
  /** Technique and sub-technique IDs as the rule states them, upper-cased (T1562, T1685.002). */
  techniques: string[];
}

/** One axis of a vendor's own classification, which is not ATT&CK (Sublime attack_types, tactics_and_techniques). */
export interface TaxonomyEntry {
  /** The axis as the page shows it ("Attack types"). */
  label: string;
  /** Values exactly as the rule states them. */
  values: string[];
}

/** A named list of prerequisites (data connectors, required fields, integrations, log source). */
export interface Prerequisite {
  label: string;
  items: string[];
}

/**
 * What the rule file documents beyond its logic, as the author wrote it. Markdown texts (Elastic note/setup) are
 * kept raw; the site renders and sanitizes them.
 */
export interface RuleDocs {
  falsePositives?: string[];
  /** Markdown (Elastic `note`). */
  investigationGuide?: string;
  /** Markdown (Elastic `setup`). */
  setup?: string;
  /** Splunk `how_to_implement` (plain text). */
  howToImplement?: string;
  prerequisites?: Prerequisite[];
  /** Panther `Runbook` (plain text). */
  runbook?: string;
  version?: string;
}

/** What a format module produces for one rule; the catalog adds identity (id, slug) and logic. */
export interface RuleDraft {
  vendor: VendorId;
  format: FormatId;
  /** The rule's own ID upstream (Panther RuleID, Sigma/Elastic/Splunk/Sentinel UUID, Chronicle rule name). */
  upstreamId?: string;
  /**
   * Every other identifier the rule answers to (Splunk name, Chronicle meta.rule_id, IDs a Sigma rule's
   * `related` entries retire...), for /id/ permalinks. Optional: formats that do not fill it have none.
   */
  aliases?: string[];
  /** Documentation sections beyond the logic (false positives, investigation guide, setup...). */
  docs?: RuleDocs;
  /** Human-readable basis for the URL slug (usually the upstream ID when readable, else the title). */
  slugBase: string;
  title: string;
  description?: string;
  severity: { original?: string; normalized?: NormalizedSeverity };
  /** Status or maturity as the rule states it (stable, test, experimental, production, deprecated...). */
  status?: string;
  enabled?: boolean;
  deprecated?: boolean;
  /** Kept upstream but no query backend can express it (Sigma unsupported/). */
  unsupported?: boolean;
  /** Links to other rules the file states (Sigma `related`, a deprecation note naming the replacement). */
  related?: RuleRelation[];
  /** Format-specific facts shown in Metadata (Elastic Defend actions, OS list, minimum endpoint version). */
  details?: { label: string; values: string[] }[];
  /** Rule type within its format: rule, scheduled_rule, correlation_rule, eql, esql, threshold, TTP, ... */
  kind: string;
  /** One normalized log platform name (see platforms.ts), undefined when unknown. */
  logPlatform?: string;
  /** The log source identifiers exactly as the rule states them (LogTypes, logsource, index, sourcetype, table). */
  logSource: string[];
  attack: AttackMapping;
  /** The vendor's own classification, when it has one beside or instead of ATT&CK; absent for most formats. */
  taxonomy?: TaxonomyEntry[];
  references: string[];
  authors: string[];
  created?: string;
  modified?: string;
  tags: string[];
  /** The rule's files: the first is the main definition. */
  files: RuleFile[];
  /** The detection query when the rule has one in a query language. */
  query?: { language: QueryLanguage; text: string };
  tests: RuleTest[];
  /** Set when the file could not be parsed: the entry still gets a page with its raw body. */
  parseError?: Diagnostic;
  /** Warnings found while reading the rule (unknown fields, missing title...). */
  diagnostics: Diagnostic[];
  /**
   * The parsed rule document, for the logic extractor of the same format.
   * Each format module defines its own shape; nothing outside that format reads it.
   */
  document?: unknown;
}

export interface Rule extends RuleDraft {
  /** Stable catalog ID: `${vendor}/${slug}`. */
  id: string;
  slug: string;
  /** Site path of the rule page: /rules/<vendor>/<slug>/ */
  url: string;
  /** Name of the source (from content/sources.yaml) the rule came from. */
  source: string;
  logic?: RuleLogic;
  /** Rules that replace this retired rule (filled by knowledge/succession.ts over the whole catalog). */
  supersededBy?: SuccessionLink[];
  /** Retired rules this one replaces. */
  replaces?: SuccessionLink[];
}
