/**
 * Panther's shared Python: global_helpers/ (imported by rules) and data_models/ (udm names → event paths or
 * methods, per log type). Loaded once per source and kept in the source cache.
 */
import { unbudgeted } from '../../languages/parsing/limits.ts';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { hasExtension, walkFiles } from '../../fs.ts';
import type { PyModule } from '../../languages/python/ast.ts';
import type { Library } from '../../languages/python/interpret.ts';
import { parsePython } from '../../languages/python/parse.ts';
import type { ModuleEnv } from '../../languages/python/values.ts';
import type { LookupClass } from '../../languages/python/lookup-tables.ts';
import { lookupClasses } from './lookup-classes.ts';

interface UdmMapping {
  path?: string[];
  unsupported?: string;
  method?: { module: string; fn: string };
}

const CACHE_KEY = 'panther:python-library';

/** `$.a.b` / `a.b` → ["a", "b"]; JSONPath with filters, wildcards or indexes is not a plain path. */
export function udmPath(path: string): string[] | undefined {
  const p = path.trim().replace(/^\$\.?/, '');
  if (!p || /[[\]*?@]|\.\./.test(p)) return undefined;
  return p.split('.');
}

export function pantherLibrary(root: string, cache: Map<string, unknown>): Library {
  const hit = cache.get(CACHE_KEY) as Library | undefined;
  if (hit) return hit;
  // Read once for every rule of the source: not part of the rule's time budget.
  return unbudgeted(() => loadLibrary(root, cache));
}

function loadLibrary(root: string, cache: Map<string, unknown>): Library {
  const helpers = new Map<string, PyModule | null>();
  const modelModules = new Map<string, PyModule>();
  const udm = new Map<string, Map<string, UdmMapping>>();
  const lookups = new Map<string, Map<string, LookupClass>>();

  for (const rel of walkFiles(root, 'data_models', (n) => hasExtension(n, '.yml', '.yaml'))) {
    let doc: Record<string, unknown>;
    try {
      doc = parse(readFileSync(join(root, rel), 'utf8')) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (doc?.AnalysisType !== 'datamodel') continue;
    const dir = rel.split('/').slice(0, -1).join('/');
    const moduleKey = typeof doc.Filename === 'string' ? `${dir}/${doc.Filename}` : undefined;
    if (moduleKey && existsSync(join(root, moduleKey))) {
      modelModules.set(moduleKey, parsePython(readFileSync(join(root, moduleKey), 'utf8'), moduleKey).module);
    }
    const mappings = new Map<string, UdmMapping>();
    for (const m of (Array.isArray(doc.Mappings) ? doc.Mappings : []) as Record<string, unknown>[]) {
      if (typeof m?.Name !== 'string') continue;
      if (typeof m.Path === 'string') {
        const path = udmPath(m.Path);
        mappings.set(m.Name, path ? { path } : { unsupported: m.Path });
      } else if (typeof m.Method === 'string' && moduleKey) mappings.set(m.Name, { method: { module: moduleKey, fn: m.Method } });
    }
    for (const logType of (Array.isArray(doc.LogTypes) ? doc.LogTypes : []) as string[]) udm.set(logType, mappings);
  }

  const library: Library = {
    helper(name) {
      if (!helpers.has(name)) {
        const file = join(root, 'global_helpers', `${name}.py`);
        helpers.set(name, existsSync(file) ? unbudgeted(() => parsePython(readFileSync(file, 'utf8'), `global_helpers/${name}.py`).module) : null);
      }
      return helpers.get(name) ?? undefined;
    },
    udm: (logType, name) => udm.get(logType)?.get(name),
    dataModelModule: (key) => modelModules.get(key),
    lookupClasses(name) {
      if (!lookups.has(name)) {
        const file = join(root, 'global_helpers', `${name}.py`);
        lookups.set(name, existsSync(file) ? lookupClasses(readFileSync(file, 'utf8')) : new Map());
      }
      return lookups.get(name)!;
    },
    modules: new Map<string, ModuleEnv>(),
  };
  cache.set(CACHE_KEY, library);
  return library;
}
