/** Small file-system helpers for walking rule folders. */
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Relative paths (forward slashes, sorted) of files under `root/sub` whose name passes `accept`. */
export function walkFiles(root: string, sub: string, accept: (name: string) => boolean): string[] {
  const start = join(root, sub);
  if (!existsSync(start)) return [];
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile() && accept(entry.name)) out.push(relative(root, full).split(sep).join('/'));
    }
  };
  if (statSync(start).isDirectory()) visit(start);
  return out.sort();
}
