/**
 * Brings rule sources up to date with git, on a machine that is online: a shallow clone the first time, a
 * shallow fetch of the configured ref afterwards, then a SOURCE file naming the upstream URL and commit so that
 * rule pages link to the exact upstream file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceConfig } from './sources.ts';

export interface SyncResult {
  name: string;
  folder: string;
  commit?: string;
  skipped?: string;
  error?: string;
}

function git(args: string[], cwd?: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** The git commands that bring one source to its ref (exported for tests and --dry-run). */
export function syncCommands(config: SourceConfig, folder: string, exists: boolean): string[][] {
  const ref = config.ref ?? 'HEAD';
  const commands: string[][] = [];
  if (!exists) {
    commands.push(['init', '-q', folder]);
    commands.push(['-C', folder, 'remote', 'add', 'origin', config.git!]);
  } else {
    commands.push(['-C', folder, 'remote', 'set-url', 'origin', config.git!]);
  }
  if (config.sparse?.length) {
    commands.push(['-C', folder, 'sparse-checkout', 'set', '--no-cone', ...config.sparse.map((p) => `/${p}/`)]);
  }
  commands.push(['-C', folder, 'fetch', '-q', '--depth', '1', 'origin', ref]);
  commands.push(['-C', folder, 'checkout', '-q', '--force', 'FETCH_HEAD']);
  return commands;
}

export function syncSource(config: SourceConfig, root: string, dryRun = false): SyncResult {
  const folder = join(root, config.path);
  if (!config.git) return { name: config.name, folder, skipped: 'no git URL configured' };
  const exists = existsSync(join(folder, '.git'));
  if (!exists && existsSync(folder) && !dryRun) {
    return { name: config.name, folder, skipped: 'folder exists and is not a git checkout (a snapshot?): left alone' };
  }
  const commands = syncCommands(config, folder, exists);
  if (dryRun) return { name: config.name, folder, skipped: commands.map((c) => `git ${c.join(' ')}`).join('\n') };
  try {
    mkdirSync(root, { recursive: true });
    for (const args of commands) git(args);
    const commit = git(['-C', folder, 'rev-parse', 'HEAD']);
    writeFileSync(join(folder, 'SOURCE'), `${config.git.replace(/\.git$/, '')} ${commit}\n`);
    return { name: config.name, folder, commit };
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    return { name: config.name, folder, error: (err.stderr || err.message).trim().split('\n').slice(-2).join(' ') };
  }
}
