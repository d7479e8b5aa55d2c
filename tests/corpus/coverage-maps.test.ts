/**
 * Coverage maps on the real corpus: AWS CloudTrail lists every botocore operation by event source, CloudTrail's
 * own event source shows DeleteTrail and StopLogging watched by several vendors and the mutating operations
 * nobody watches, same-named operations of SNS and SQS have pages of their own; rates and invariants otherwise.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusCatalog } from './shared.ts';
import { loadAwsOperations } from '../../src/lib/knowledge/aws-operations.ts';
import { countedRules } from '../../src/lib/knowledge/coverage-map.ts';
import { coverageOf, segmentPages } from '../../src/lib/site/action-views.ts';
import { platformComparison, telemetryOf } from '../../src/lib/site/coverage-views.ts';
import { createSiteModel, type SiteModel } from '../../src/lib/site/model.ts';

const CT = 'AWS CloudTrail';

describe.skipIf(!process.env.RULECAT_CORPUS)('coverage maps on the real corpus', () => {
  let model: SiteModel;
  beforeAll(() => {
    model = createSiteModel(corpusCatalog());
  });

  it('lists every AWS API operation, grouped by event source', () => {
    const ops = loadAwsOperations().operations!;
    const total = Object.values(ops).reduce((n, s) => n + s.operations.length, 0);
    const c = coverageOf(model, CT)!;
    expect(c.published.sdkOperations).toBe(total);
    expect(c.published.sdkServices).toBe(Object.keys(ops).length);
    expect(c.published.services).toBeGreaterThan(400);
    // Rules' event sources that no SDK model has are few (signin-style consoles, typos).
    expect(c.platform.services.filter((s) => !s.published).length).toBeLessThan(10);
  });

  it('shows DeleteTrail and StopLogging watched by at least four vendors, and the uncovered mutating operations of cloudtrail.amazonaws.com', () => {
    const c = coverageOf(model, CT)!.services.find((s) => s.service.key === 'cloudtrail.amazonaws.com')!;
    for (const name of ['DeleteTrail', 'StopLogging']) {
      const pair = c.service.actions.find((a) => a.action === name)!;
      expect(new Set(countedRules(pair).map((r) => model.rules[r].vendor)).size, name).toBeGreaterThanOrEqual(4);
    }
    expect(c.uncovered.length).toBeGreaterThan(0);
    expect(c.mutating - c.mutatingCovered).toBeGreaterThan(0);
  });

  it("gives SNS's and SQS's AddPermission pages of their own, and lists both at the old URL", () => {
    const ct = model.knowledge.services.platforms.find((p) => p.platform === CT)!;
    const pair = (service: string) => ct.services.find((s) => s.key === service)!.actions.find((a) => a.action === 'AddPermission')!;
    expect(pair('sns.amazonaws.com').page).toBe(true);
    expect(pair('sqs.amazonaws.com').page).toBe(true);
    expect(pair('sns.amazonaws.com').url).not.toBe(pair('sqs.amazonaws.com').url);
    const old = segmentPages(model).find((p) => p.platform === 'aws-cloudtrail' && p.segment === 'AddPermission')!.page;
    expect(old.kind).toBe('disambiguation');
    if (old.kind === 'disambiguation') expect(old.pairs.map((p) => p.service)).toEqual(expect.arrayContaining(['sns.amazonaws.com', 'sqs.amazonaws.com', 'lambda.amazonaws.com']));
  });

  it('keeps every segment of /actions/<platform>/ unique', () => {
    const keys = segmentPages(model).map((p) => `${p.platform}/${p.segment}`.toLowerCase());
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('compares vendors on CloudTrail with techniques no rule covers', () => {
    const view = platformComparison(model, CT);
    expect(view.vendors.length).toBeGreaterThanOrEqual(4);
    expect(view.rows.length).toBeGreaterThan(20);
    expect(view.uncovered!.length).toBeGreaterThan(0);
    expect(view.actions!.total).toBeGreaterThan(19_000);
  });

  it('writes the telemetry data for every rule', () => {
    const data = telemetryOf(model);
    expect(data.rules.length).toBe(model.rules.length);
    expect(data.platforms.reduce((n, p) => n + p.rules, 0)).toBe(model.rules.length);
  });
});
