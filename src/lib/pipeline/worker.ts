/** Entry of the worker threads (piscina): runs one ingest task (the default) or one prerender task (by name). */
import { runIngestTask, type IngestResult, type IngestTask } from './ingest.ts';
import { runPrerenderTask, type PrerenderTask } from './prerender.ts';

export default function ingest(task: IngestTask): Promise<IngestResult> {
  return runIngestTask(task);
}

export function prerender(task: PrerenderTask): Promise<number> {
  return runPrerenderTask(task);
}
