import pkg from 'node-sql-parser'; const { Parser } = pkg;
const p = new Parser();
const q = process.argv[2];
try { const ast = p.astify(q, {database:process.argv[3]||'snowflake', parseOptions:{includeLocations:true}});
console.log(JSON.stringify(ast, (k,v)=>k==='loc'?`${v.start.offset}-${v.end.offset}`:v)); } catch(e) { console.log('ERR', e.message.slice(0,300), JSON.stringify(e.location)); }
