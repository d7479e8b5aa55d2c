/** View model of /coverage/: extraction per vendor and log platform, and canonical-field shares per vendor. */
import type { VendorId } from '../definitions.ts';
import { computeCoverage, mappedShare, NO_PLATFORM, type CoverageRow } from '../knowledge/coverage.ts';
import { platformSlug } from '../platforms.ts';
import { comparisonPlatforms, telemetryView, type ComparisonPlatform, type TelemetryView } from './coverage-views.ts';
import { VENDOR_ORDER, vendorLabel } from './format.ts';
import type { SiteModel } from './model.ts';

/** One coverage table: rows by key, with the label and link each key shows. */
export interface CoverageTableView {
  rows: Record<string, CoverageRow>;
  labels: Record<string, string>;
  links: Record<string, string>;
}

export interface CoverageIndexView {
  telemetry: TelemetryView;
  compared: ComparisonPlatform[];
  /** Problems of the canonical field table, shown above the tables. */
  problems: string[];
  vendors: CoverageTableView;
  platforms: CoverageTableView;
  /** Share of leaves on canonical fields per vendor (columns) on each platform that has action pages (rows). */
  vendorPlatforms: { columns: string[]; rows: { platform: string; href: string; cells: string[] }[] };
}

export function coverageIndexView(model: SiteModel): CoverageIndexView {
  const coverage = computeCoverage(model.rules, model.knowledge.table);
  const vendors = VENDOR_ORDER.filter((v) => coverage.vendorPlatforms[v]);
  const platformKeys = Object.keys(coverage.platforms).filter((p) => p !== NO_PLATFORM);
  return {
    telemetry: telemetryView(model),
    compared: comparisonPlatforms(model),
    problems: model.knowledge.table.problems,
    vendors: {
      rows: coverage.vendors,
      labels: Object.fromEntries(VENDOR_ORDER.map((v) => [v, vendorLabel(v)])),
      links: Object.fromEntries(VENDOR_ORDER.map((v) => [v, `/rules/${v}/`])),
    },
    platforms: { rows: coverage.platforms, labels: {}, links: Object.fromEntries(platformKeys.map((p) => [p, `/platforms/${platformSlug(p)}/`])) },
    vendorPlatforms: {
      columns: vendors.map((v) => vendorLabel(v as VendorId)),
      rows: model.knowledge.platforms().map(({ platform }) => ({
        platform,
        href: `/actions/${platformSlug(platform)}/`,
        cells: vendors.map((v) => {
          const cell = coverage.vendorPlatforms[v]?.[platform];
          return cell ? `${mappedShare(cell)} (${cell.leaves})` : '';
        }),
      })),
    },
  };
}
