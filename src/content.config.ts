/**
 * One collection, "rules", filled by a thin loader over the core: buildCatalog() (via the memoized site model).
 * Entries hold only what routing needs; pages read the full rule and cross-catalog data from the site model,
 * which is computed once per build.
 */
import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { siteModel } from './lib/site/model.ts';

const rules = defineCollection({
  loader: {
    name: 'rulecat-catalog',
    load: async ({ store, logger }) => {
      const model = siteModel();
      store.clear();
      for (const rule of model.rules) {
        store.set({ id: rule.id, data: { vendor: rule.vendor, slug: rule.slug, title: rule.title, url: rule.url } });
      }
      logger.info(`${model.rules.length} rules from ${model.catalog.examples ? 'the examples' : model.catalog.root}`);
    },
  },
  schema: z.object({ vendor: z.string(), slug: z.string(), title: z.string(), url: z.string() }),
});

export const collections = { rules };
