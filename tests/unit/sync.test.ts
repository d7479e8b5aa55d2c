import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syncSource } from '../../src/lib/sync.ts';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8' }).trim();

/** A local repository stands in for the upstream one: sync speaks plain git, so a file URL exercises it all. */
function upstreamRepo(): { url: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rulecat-upstream-'));
  git(dir, 'init', '-q', '-b', 'main');
  mkdirSync(join(dir, 'rules'), { recursive: true });
  mkdirSync(join(dir, 'docs'), { recursive: true });
  writeFileSync(join(dir, 'rules/a.yml'), 'title: A\n');
  writeFileSync(join(dir, 'docs/readme.md'), 'docs\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'first');
  return { url: `file://${dir}`, dir };
}

describe('sync', () => {
  it('clones a source at its ref and pins the commit in SOURCE, then fetches updates', () => {
    const up = upstreamRepo();
    const root = mkdtempSync(join(tmpdir(), 'rulecat-corpus-'));
    const config = { name: 'demo', format: 'sigma' as const, path: 'demo', git: up.url, ref: 'main' };
    const first = syncSource(config, root);
    expect(first.error).toBeUndefined();
    expect(first.commit).toBe(git(up.dir, 'rev-parse', 'HEAD'));
    expect(readFileSync(join(root, 'demo/SOURCE'), 'utf8')).toBe(`${up.url} ${first.commit}\n`);
    expect(readFileSync(join(root, 'demo/rules/a.yml'), 'utf8')).toBe('title: A\n');

    writeFileSync(join(up.dir, 'rules/b.yml'), 'title: B\n');
    git(up.dir, 'add', '.');
    git(up.dir, 'commit', '-q', '-m', 'second');
    const second = syncSource(config, root);
    expect(second.commit).toBe(git(up.dir, 'rev-parse', 'HEAD'));
    expect(existsSync(join(root, 'demo/rules/b.yml'))).toBe(true);
  });

  it('checks out only the sparse folders when the source names them', () => {
    const up = upstreamRepo();
    const root = mkdtempSync(join(tmpdir(), 'rulecat-corpus-'));
    const r = syncSource({ name: 'demo', format: 'sigma', path: 'demo', git: up.url, ref: 'main', sparse: ['rules'] }, root);
    expect(r.error).toBeUndefined();
    expect(existsSync(join(root, 'demo/rules/a.yml'))).toBe(true);
    expect(existsSync(join(root, 'demo/docs/readme.md'))).toBe(false);
  });

  it('leaves a snapshot folder that is not a git checkout alone', () => {
    const root = mkdtempSync(join(tmpdir(), 'rulecat-corpus-'));
    mkdirSync(join(root, 'demo'));
    const r = syncSource({ name: 'demo', format: 'sigma', path: 'demo', git: 'file:///nonexistent', ref: 'main' }, root);
    expect(r.skipped).toMatch(/not a git checkout/);
  });
});
