/**
 * The build script's way to the site model: the catalog read in worker threads and from the catalog cache
 * (src/lib/pipeline), then adopted as the model Astro's loader and pages read. Kept apart from model.ts so the
 * pages' bundle never includes the worker pool.
 */
import type { Catalog } from '../catalog.ts';
import { buildCatalogParallel, type ParallelBuildOptions, type PipelineFigures } from '../pipeline/index.ts';
import { adoptCatalog, type SiteModel } from './model.ts';
import { syntheticCatalog } from './synthetic.ts';

export async function prepareSiteModel(options: ParallelBuildOptions = {}): Promise<{ model: SiteModel; figures?: PipelineFigures }> {
  const synthetic = Number(process.env.RULECAT_SYNTHETIC ?? 0);
  const t0 = performance.now();
  let catalog: Catalog;
  let figures: PipelineFigures | undefined;
  if (synthetic > 0) catalog = syntheticCatalog(synthetic);
  else ({ catalog, figures } = await buildCatalogParallel(options));
  // The pages' prerender (highlighting, Markdown) runs inside the pipeline but is page work: timed apart.
  const prerenderMs = figures?.prerenderMs ?? 0;
  const timings: Record<string, number> = { catalog: Math.round(performance.now() - t0 - prerenderMs), prerender: Math.round(prerenderMs) };
  return { model: adoptCatalog(catalog, timings), figures };
}
