/** The contract every rule-format module fulfils. One module per format, registered in registry.ts. */
import type { Diagnostic } from '../diagnostics.ts';
import type { FormatId, VendorId } from '../definitions.ts';
import type { RuleDraft } from '../model.ts';
import type { RuleLogic } from '../logic/types.ts';

export interface SourceContext {
  /** Source name from content/sources.yaml. */
  name: string;
  /** Absolute path of the source folder. */
  root: string;
  /** Upstream repository URL and commit from the SOURCE file, to pin file links. */
  upstream?: { url: string; commit?: string };
  /** Builds the pinned upstream URL of a file relative to root. */
  upstreamUrl(relPath: string): string | undefined;
  /** Per-source cache for reference data the format loads once (macros, helpers, data models). */
  cache: Map<string, unknown>;
}

export interface FileResult {
  /** The rules in this file (several for multi-document files); a broken file yields one draft with parseError. */
  rules: RuleDraft[];
  /** Set when the file turned out not to be a rule (helper, template, reference data): said why. */
  notARule?: string;
  /** File-level problems not tied to one rule. */
  diagnostics?: Diagnostic[];
}

export interface RuleFormat {
  id: FormatId;
  /** Relative paths (forward slashes, sorted) of the files under the source root that may hold rules. */
  listFiles(source: SourceContext): string[];
  /** Reads one file. Never throws: bad input becomes a draft with parseError. */
  parseFile(relPath: string, text: string, source: SourceContext): FileResult;
  /** The vendor of a file's rules when it depends on where the file is (Sentinel vs Defender XDR solutions). */
  vendorOf?(relPath: string): VendorId;
  /** Extracts the detection logic of one rule of this format. Never throws. */
  extractLogic?(rule: RuleDraft, source: SourceContext, corpus: CorpusView): RuleLogic;
  /**
   * Problems with the source's reference data (macros, helpers) that no single rule file owns: reported once
   * per source, before its files. parseFile stays a function of its file (and the reference data), so files can
   * be read in any order, in several threads, or come from the cache.
   */
  sourceDiagnostics?(source: SourceContext): Diagnostic[];
}

/** What an extractor may look up across the whole catalog (e.g. Sigma correlations name other rules). */
export interface CorpusView {
  /** Rules of the same source by upstream ID or name. */
  findByUpstreamId(source: string, id: string): { id: string; title: string } | undefined;
}
