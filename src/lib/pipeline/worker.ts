/** Entry of the ingest worker threads (piscina): runs one task of pipeline/ingest.ts. */
import { runIngestTask, type IngestResult, type IngestTask } from './ingest.ts';

export default function ingest(task: IngestTask): Promise<IngestResult> {
  return runIngestTask(task);
}
