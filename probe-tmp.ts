import { buildCatalog } from './src/lib/catalog.ts';
import { renderConjuncts } from './src/lib/logic/render.ts';
const c = buildCatalog({ only: ['panther-analysis'] });
console.log(JSON.stringify(c.sources[0], (k, v) => (Array.isArray(v) && v.length > 20 ? `[${v.length}]` : v)).slice(0, 1500));
const kinds = new Map<string, any>();
for (const r of c.rules) {
  const k = kinds.get(r.kind) ?? { n: 0, full: 0, partial: 0, none: 0, platform: 0, tree: 0, cases: 0, agree: 0, parseError: 0 };
  k.n++; k[r.logic?.status ?? 'none']++; if (r.logPlatform) k.platform++; if (r.parseError) k.parseError++;
  const tree = (r.logic?.conjuncts.length ?? 0) > 0 || (r.logic?.stages ?? []).some((s) => s.conjuncts.length > 0);
  if (tree && r.logic?.status !== 'none') k.tree++;
  if (r.logic?.tests) { k.cases += r.logic.tests.cases; k.agree += r.logic.tests.agree; }
  kinds.set(r.kind, k);
  if (process.env.K && r.kind === process.env.K) {
    console.log('==', r.upstreamId, r.logPlatform, r.logic?.status, JSON.stringify(r.logic?.reasons), r.logic?.tests ? `${r.logic.tests.agree}/${r.logic.tests.cases} ${r.logic.tests.disagreeing}` : '');
    if (process.env.V) console.log('   ', renderConjuncts(r.logic?.conjuncts ?? []).join('\n    '));
  }
}
console.log(kinds);
