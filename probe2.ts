import { buildCatalog } from './src/lib/catalog.ts';
import { renderConjuncts } from './src/lib/logic/render.ts';
import { stageLines, correlationLine } from './src/lib/site/rule-view.ts';
const c = buildCatalog({ only: ['panther-analysis'] });
for (const id of process.argv.slice(2)) {
  const r = c.rules.find((x) => x.upstreamId === id)!;
  if (!r) { console.log('MISSING', id); continue; }
  const l = r.logic!;
  console.log('==', id, r.kind, r.logPlatform, r.logSource, l.status, JSON.stringify(l.reasons), JSON.stringify(l.tests), l.relatedRules, r.files.map(f=>f.path));
  console.log(l.stages ? stageLines(l.stages).join('\n') : renderConjuncts(l.conjuncts).join('\n'));
  if (l.correlation) console.log('corr:', JSON.stringify(l.correlation), correlationLine(l.correlation));
  console.log('out:', l.outputFields);
}
