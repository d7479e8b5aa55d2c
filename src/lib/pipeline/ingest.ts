/**
 * One ingest task: read some files of one source and extract the logic of their rules, file by file, in the given
 * order. Runs in a worker thread (worker.ts) or in this thread. Each file's outcome is V8-serialized, which is
 * what crosses the thread boundary and what the cache stores.
 */
import { deserialize, serialize } from 'node:v8';
import { readSource, sourceContext, type SourceStats } from '../catalog.ts';
import { extractRuleLogic } from '../ingest.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { FORMAT_MODULES } from '../formats/registry.ts';
import type { SourceContext } from '../formats/types.ts';
import type { RuleDraft } from '../model.ts';
import type { SourceConfig } from '../sources.ts';
import { recordingView } from './refs.ts';

export interface IngestTask {
  /** Tells builds apart: per-thread source contexts are dropped when a new build starts. */
  build: string;
  config: SourceConfig;
  /** Corpus root. */
  root: string;
  /** Files of the source to read, relative to its folder, in catalog order. */
  files: string[];
  /**
   * Read with a fresh source context (whole-source tasks, whose rules read other files: exactly the order and
   * state of a serial read). Otherwise the thread keeps one context per source across tasks, so reference data
   * (macros, helpers, indexes), which formats derive from the files alone, is loaded once per thread.
   */
  fresh: boolean;
  /** Also report the source's reference-data problems (FORMAT.sourceDiagnostics). */
  sourceDiagnostics: boolean;
  skipLogic?: boolean;
}

/** What one file became. */
export interface FileOutcome {
  relPath: string;
  /** Its rules, with their logic (unless skipped) and without the format's parsed document. */
  drafts: RuleDraft[];
  stats: SourceStats;
  /** Problems found reading the file, in the order the serial reader reports them. */
  diagnostics: Diagnostic[];
  /** Problems found extracting the logic, rule by rule. */
  logicDiagnostics: Diagnostic[];
  /** Indexes of drafts whose logic holds deferred catalog lookups (see refs.ts). */
  refs: number[];
}

export interface IngestResult {
  sourceDiagnostics?: Uint8Array;
  files: Uint8Array[];
}

let currentBuild = '';
const contexts = new Map<string, SourceContext>();

function contextFor(task: IngestTask): SourceContext {
  if (task.build !== currentBuild) {
    contexts.clear();
    currentBuild = task.build;
  }
  if (task.fresh) return sourceContext(task.config, task.root);
  const kept = contexts.get(task.config.name);
  if (kept) return kept;
  const context = sourceContext(task.config, task.root);
  contexts.set(task.config.name, context);
  return context;
}

export function encode(value: unknown): Uint8Array {
  return serialize(value);
}

export function decode<T>(bytes: Uint8Array): T {
  return deserialize(bytes) as T;
}

export async function runIngestTask(task: IngestTask): Promise<IngestResult> {
  const context = contextFor(task);
  const format = FORMAT_MODULES[task.config.format];
  const result: IngestResult = { files: [] };
  if (task.sourceDiagnostics) result.sourceDiagnostics = encode((format.sourceDiagnostics?.(context) ?? []).map((d) => ({ ...d, source: task.config.name })));
  // A whole-source task reads every file before extracting: extractors may look at documents of later files.
  const read = task.files.map((relPath) => ({ relPath, ...readSource(task.config, context, [relPath]) }));
  for (const { relPath, drafts, stats, diagnostics } of read) {
    const logicDiagnostics: Diagnostic[] = [];
    const refs: number[] = [];
    drafts.forEach((draft, i) => {
      if (!task.skipLogic) {
        const recording = recordingView();
        const logic = extractRuleLogic(format, draft, context, recording.view);
        (draft as RuleDraft & { logic?: unknown }).logic = logic;
        logicDiagnostics.push(...logic.diagnostics);
        if (recording.used()) refs.push(i);
      }
    });
    for (const draft of drafts) delete draft.document;
    const outcome: FileOutcome = { relPath, drafts, stats, diagnostics, logicDiagnostics, refs };
    result.files.push(encode(outcome));
  }
  return result;
}

