/** Rates and invariants of the Sublime source on the real corpus (never exact counts: the corpus may be refreshed). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceCatalog } from './shared.ts';
import { schemas } from '../schemas.ts';
import { logicJson } from '../../src/lib/logic/json.ts';
import { leavesOf } from '../../src/lib/logic/tree.ts';
import { type Condition, LEAF_KINDS, MATCH_KINDS } from '../../src/lib/logic/types.ts';
import { leafMatch } from '../../src/lib/logic/tree.ts';

const SOURCE = 'sublime-rules';

/** The computed leaves and scopes of a tree: the text they state and the functions they list. */
function computedParts(c: Condition): { field: string; calls: string[] }[] {
  const own = (c.type === 'leaf' || c.type === 'scope') && c.computed?.length ? [{ field: c.field, calls: c.computed }] : [];
  if (c.type === 'leaf') return own;
  if (c.type === 'not') return computedParts(c.child);
  if (c.type === 'scope') return [...own, ...computedParts(c.child)];
  return c.children.flatMap(computedParts);
}

describe.skipIf(!process.env.RULECAT_CORPUS)('Sublime on the real corpus', () => {
  const catalog = sourceCatalog(SOURCE);
  const stats = catalog.sources.find((s) => s.name === SOURCE)!;
  const rules = catalog.rules.filter((r) => r.source === SOURCE);
  const rate = (n: number, d: number) => (d ? n / d : 0);
  const sourceRoot = join(catalog.root, SOURCE);
  const fileText = (path: string) => readFileSync(join(sourceRoot, path), 'utf8');

  it('reads the three rule folders, one rule per file, nearly all without a parse error', () => {
    expect(stats.missing).toBeFalsy();
    expect(stats.files).toBeGreaterThan(1000);
    expect(rules.length).toBe(stats.files);
    for (const folder of ['detection-rules/', 'discovery-rules/', 'dlp-discovery-rules/']) {
      expect(rules.some((r) => r.files[0].path.startsWith(folder)), folder).toBe(true);
    }
    expect(rate(rules.filter((r) => !r.parseError).length, rules.length)).toBeGreaterThanOrEqual(0.99);
  });

  it('≥99% of rules have title, vendor Sublime, platform Email and the taxonomy their file states', () => {
    // Independent of the reader: a top-level taxonomy key followed by a list item.
    const statesTaxonomy = (text: string) => /^(attack_types|tactics_and_techniques|detection_methods):\s*\n\s*-\s*\S/m.test(text);
    const good = rules.filter(
      (r) =>
        r.title &&
        r.vendor === 'sublime' &&
        r.logPlatform === 'Email' &&
        (!statesTaxonomy(fileText(r.files[0].path)) || (r.taxonomy ?? []).some((t) => t.values.length > 0)),
    );
    expect(rate(good.length, rules.length)).toBeGreaterThanOrEqual(0.99);
    expect(rate(rules.filter((r) => r.taxonomy?.length).length, rules.length)).toBeGreaterThanOrEqual(0.95);
    expect(new Set(rules.map((r) => r.kind))).toEqual(new Set(['rule', 'dlp']));
  });

  it('the MQL of every rule parses', () => {
    const syntax = rules.flatMap((r) => r.logic?.diagnostics ?? []).filter((d) => d.code === 'mql-syntax');
    expect(rate(syntax.length, rules.length)).toBeLessThanOrEqual(0.01);
  });

  it('a condition tree (full or partial) for ≥95% of rules', () => {
    const withTree = rules.filter((r) => r.logic && r.logic.status !== 'none' && r.logic.conjuncts.length > 0);
    expect(rate(withTree.length, rules.length)).toBeGreaterThanOrEqual(0.95);
  });

  it('partial logic always says why, never calls it imperative; no extractor crashed', () => {
    for (const r of rules) {
      if (r.logic?.status !== 'full') expect(r.logic?.reasons.length, r.files[0].path).toBeGreaterThan(0);
      for (const reason of r.logic?.reasons ?? []) expect(reason).not.toMatch(/imperative/i);
    }
    expect(catalog.diagnostics.filter((d) => d.code === 'extractor-crash' || d.code === 'format-crash')).toEqual([]);
  });

  it('every ml.* call of a rule is stated in its tree: a computed leaf or scope names it, and its text shows it', () => {
    for (const r of rules) {
      if (r.logic?.status === 'none') continue;
      const calls = new Set((r.query?.text.replace(/\/\/[^\n]*/g, '').match(/\bml\.[a-z_]+(?=\()/g) ?? []));
      const stated = (r.logic?.conjuncts ?? []).flatMap(computedParts);
      for (const call of calls) expect(stated.some((c) => c.calls.includes(call) && c.field.includes(`${call}(`)), `${r.files[0].path} ${call}`).toBe(true);
      for (const c of stated) for (const call of c.calls) expect(c.field, `${r.files[0].path}`).toContain(call);
    }
  });

  it('≥90% of rules are full; what stays partial is a long N-of threshold or a bare `..` reference, never a computation', () => {
    const withQuery = rules.filter((r) => r.logic && r.query?.text.trim());
    expect(rate(withQuery.filter((r) => r.logic!.status === 'full').length, withQuery.length)).toBeGreaterThanOrEqual(0.9);
    const kinds = new Set(rules.flatMap((r) => r.logic?.reasons ?? []).map((x) => x.split(':')[0]));
    for (const k of kinds) expect(['N of', 'enclosing element', 'field comparison', 'never matches'], k).toContain(k);
  });

  it('the published logic of every rule (computed leaves and scopes, field comparisons included) validates against its schema', () => {
    const { logic, errors } = schemas();
    const invalid = rules.filter((r) => r.logic && !logic(logicJson(r.logic))).map((r) => `${r.files[0].path}: ${errors(logic)}`);
    expect(invalid.slice(0, 5)).toEqual([]);
    const json = JSON.stringify(rules.map((r) => r.logic && logicJson(r.logic)));
    for (const key of ['"computed":', '"other_field":']) expect(json, key).toContain(key);
  });

  it('leaves use known kinds and match kinds; named lists keep their name; lines point into the file', () => {
    for (const r of rules) {
      const lines = fileText(r.files[0].path).split('\n');
      for (const l of (r.logic?.conjuncts ?? []).flatMap(leavesOf)) {
        expect(LEAF_KINDS).toContain(l.kind);
        expect(MATCH_KINDS).toContain(leafMatch(l));
        if (l.listRef !== undefined) expect(l.values).toEqual([`$${l.listRef}`]);
        if (l.loc) expect(lines[l.loc.line - 1], `${r.files[0].path}:${l.loc.line}`).toBeDefined();
      }
    }
    const listLeaves = rules.flatMap((r) => (r.logic?.conjuncts ?? []).flatMap(leavesOf)).filter((l) => l.listRef);
    expect(listLeaves.some((l) => l.listRef === 'high_trust_sender_root_domains')).toBe(true);
  });
});
