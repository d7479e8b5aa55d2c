/** Sentinel / Defender XDR on the real corpus: ingest and logic rates, and invariants over every rule. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/lib/catalog.ts';
import { sourceCatalog } from './shared.ts';
import { leavesOf } from '../../src/lib/logic/tree.ts';
import type { Rule } from '../../src/lib/model.ts';
import { PLATFORMS } from '../../src/lib/platforms.ts';
import { readSourceConfigs } from '../../src/lib/sources.ts';
import { expectStagesContract } from './stages-invariants.ts';

describe.skipIf(!process.env.RULECAT_CORPUS)('azure-sentinel corpus', () => {
  let catalog: Catalog;
  let rules: Rule[];
  let files: number;
  let root: string;

  beforeAll(() => {
    catalog = sourceCatalog('azure-sentinel');
    rules = catalog.rules.filter((r) => r.source === 'azure-sentinel');
    const stats = catalog.sources.find((s) => s.name === 'azure-sentinel')!;
    files = stats.files - stats.notRules;
    root = join(catalog.root, 'azure-sentinel');
  }, 600_000);

  it('turns every rule file into exactly one rule, broken files included', () => {
    expect(files).toBeGreaterThan(150);
    expect(rules.length).toBe(files);
    expect(new Set(rules.map((r) => r.files[0].path)).size).toBe(rules.length);
  });

  it('ingests at least 99% of the files with title, vendor, log platform and the ATT&CK IDs they state', () => {
    const complete = rules.filter((r) => {
      if (r.parseError || !r.title || !r.vendor || !r.logPlatform) return false;
      const doc = parse(readFileSync(join(root, r.files[0].path), 'utf8')) as { relevantTechniques?: unknown[]; tactics?: unknown[] };
      // A null list item (`relevantTechniques: [null]` upstream) states no technique.
      if (doc.relevantTechniques?.some(Boolean) && !r.attack.techniques.length) return false;
      if (doc.tactics?.length && !r.attack.tactics.length) return false;
      return true;
    });
    expect(complete.length / files).toBeGreaterThanOrEqual(0.99);
  });

  it('keeps files that are not valid YAML as entries with file, line and message', () => {
    const broken = rules.filter((r) => r.parseError);
    expect(broken.length).toBeLessThanOrEqual(files * 0.02);
    for (const r of broken) {
      expect(r.parseError).toMatchObject({ file: r.files[0].path, code: expect.stringMatching(/^yaml-/) });
      expect(r.parseError!.line).toBeGreaterThan(0);
      expect(r.files[0].text.length).toBeGreaterThan(0);
      expect(r.logic?.status).toBe('none');
    }
  });

  it('files the Microsoft Defender XDR solution under defender-xdr and the rest under sentinel', () => {
    for (const r of rules) {
      expect(r.vendor).toBe(r.files[0].path.startsWith('Solutions/Microsoft Defender XDR/') ? 'defender-xdr' : 'sentinel');
    }
    expect(rules.filter((r) => r.vendor === 'defender-xdr').length).toBeGreaterThan(10);
  });

  it('names in sources.yaml the Analytic Rules folder of every Solution the snapshot holds, so a sync fetches them', () => {
    const sparse = readSourceConfigs().find((s) => s.name === 'azure-sentinel')?.sparse ?? [];
    const solutions = readdirSync(join(root, 'Solutions')).filter((s) => existsSync(join(root, 'Solutions', s, 'Analytic Rules')));
    expect(solutions.length).toBeGreaterThan(0);
    for (const s of solutions) expect(sparse, s).toContain(`Solutions/${s}/Analytic Rules`);
  });

  it('uses only platform names platforms.ts defines, and files CloudTrail rules under AWS CloudTrail', () => {
    for (const r of rules) if (r.logPlatform) expect(PLATFORMS as readonly string[]).toContain(r.logPlatform);
    // Rules that union many logs (IOC sweeps) are filed under their first log; the others read CloudTrail alone or join it to TI.
    const cloudtrail = rules.filter((r) => r.query?.text.includes('AWSCloudTrail') && !/\bunion\b/.test(r.query.text));
    expect(cloudtrail.filter((r) => r.logPlatform === 'AWS CloudTrail').length / cloudtrail.length).toBeGreaterThanOrEqual(0.95);
  });

  it('keeps relevantTechniques as stated: ATT&CK IDs (a few rules list a tactic ID there)', () => {
    const all = rules.flatMap((r) => r.attack.techniques);
    for (const t of all) expect(t).toMatch(/^TA?\d{4}(\.\d{3})?$/);
    expect(all.filter((t) => /^T\d{4}(\.\d{3})?$/.test(t)).length / all.length).toBeGreaterThanOrEqual(0.98);
  });

  it('extracts a condition tree for at least 85% of the rules', () => {
    const withTree = rules.filter((r) => r.logic && r.logic.status !== 'none');
    expect(withTree.length / rules.length).toBeGreaterThanOrEqual(0.85);
  });

  it('gives every partial or empty extraction a reason, and every leaf a field', () => {
    for (const r of rules) {
      const logic = r.logic!;
      if (logic.status !== 'full') expect(logic.reasons.length, r.files[0].path).toBeGreaterThan(0);
      for (const c of logic.conjuncts) for (const l of leavesOf(c)) expect(l.field, r.files[0].path).not.toBe('');
    }
  });

  it('keeps the stages contract; joins and summarize conditions are expressed, so over half the rules are full', () => {
    expectStagesContract(rules);
    expect(rules.filter((r) => r.logic?.status === 'full').length / rules.length).toBeGreaterThanOrEqual(0.65);
    expect(rules.filter((r) => r.logic?.stages).length).toBeGreaterThan(50);
  });

  it('gives output fields to most rules (query columns, entity mappings, custom details)', () => {
    const withOutputs = rules.filter((r) => r.logic?.outputFields.length);
    expect(withOutputs.length / rules.length).toBeGreaterThanOrEqual(0.95);
  });
});
