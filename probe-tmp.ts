import { parseDocument } from 'yaml';
import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { extractSql } from './src/lib/languages/sql/index.ts';
import { renderConjuncts } from './src/lib/logic/render.ts';
const files = execSync('grep -rl "^Query:" /work/shared/corpus/panther-analysis/queries').toString().trim().split('\n');
let tree=0;
for (const f of files) {
  const q = parseDocument(readFileSync(f,'utf8')).toJS().Query;
  const r = extractSql(q, f, { windowFunctions: ['p_occurs_since','p_occurs_between'] });
  const has = r.conjuncts.length>0 || (r.stages ?? []).some(s=>s.conjuncts.length>0);
  if (has) tree++;
  console.log('==', f.split('/').slice(-1)[0], r.dialect, has ? 'TREE' : 'NOTREE', JSON.stringify(r.reasons), r.diagnostics.map(d=>`${d.line}:${d.column} ${d.message}`).join(';'));
  if (process.env.V) { console.log(renderConjuncts(r.conjuncts)); for (const s of r.stages??[]) console.log(' stage', s.name, s.source, s.role, renderConjuncts(s.conjuncts)); console.log(' corr', JSON.stringify(r.correlation), r.tables, r.outputFields); }
}
console.log(tree, files.length);
