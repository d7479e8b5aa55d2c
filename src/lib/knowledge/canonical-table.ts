/**
 * Loads and validates content/canonical-fields.yaml: per log platform, vendor field name → canonical field.
 * Never throws on bad rows: they are reported in `problems` and skipped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { VENDORS, type VendorId } from '../definitions.ts';
import { PLATFORMS } from '../platforms.ts';
import { PROJECT_ROOT } from '../sources.ts';

/** What a vendor field resolves to. */
export interface CanonicalField {
  /** The table group (aws-cloudtrail, windows-process...): canonical names are unique within a group. */
  group: string;
  canonical: string;
  /** Values compare case-insensitively (Windows paths, Okta event types); lower-cased when counting. */
  caseInsensitive: boolean;
  /** For a path field: the canonical field holding the file name alone (process.image → process.name). */
  basename?: string;
}

interface PrefixRule extends Omit<CanonicalField, 'canonical'> {
  /** Vendor prefix including its trailing dot ("aws.cloudtrail.user_identity."). */
  prefix: string;
  /** Canonical prefix including its trailing dot, or "" when the canonical row is just "*". */
  canonicalPrefix: string;
  camel: boolean;
}

interface Names {
  exact: Map<string, CanonicalField>;
  prefixes: PrefixRule[];
}

export interface CanonicalGroup {
  id: string;
  platforms: string[];
  /** Canonical field naming the API call or operation on these platforms. */
  action?: string;
  /** Vendor id (or "all") → names. */
  names: Map<string, Names>;
  /** Every canonical field of the group, for review pages. */
  canonicals: { canonical: string; caseInsensitive: boolean; vendorNames: Record<string, string[]> }[];
}

export interface CanonicalTable {
  groups: CanonicalGroup[];
  /** Bad rows, one message each ("group aws-cloudtrail, row 3: unknown vendor 'foo'"). */
  problems: string[];
  /** Resolves a field as one vendor's rule on one platform writes it; undefined when the table has no row. */
  resolve(vendor: VendorId, platform: string | undefined, field: string): CanonicalField | undefined;
  /** The action field of a platform (from its first group that names one). */
  actionOf(platform: string): { group: string; canonical: string } | undefined;
}

const VENDOR_KEYS = new Set<string>([...Object.keys(VENDORS), 'all']);
const ROW_KEYS = new Set(['canonical', 'case', 'rest', 'basename', ...VENDOR_KEYS]);
const SAME_KEYS = new Set(['same', 'case']);
const KNOWN_PLATFORMS = new Set<string>([...PLATFORMS, 'any']);

/**
 * Field names as rules write them, reduced to the form the table lists: a leading `?` (EQL optional field) and
 * a Chronicle event variable (`$e.`) are dropped, `["key"]` becomes `.key`, Splunk's `{}` vanishes.
 */
export function normalizeFieldName(field: string): string {
  return field
    .trim()
    .replace(/^\?/, '')
    .replace(/^\$[A-Za-z0-9_]+\./, '')
    .replace(/\[\s*["']([^"']*)["']\s*\]/g, '.$1')
    .replace(/\{\}/g, '');
}

function snakeToCamel(path: string): string {
  return path.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

function emptyNames(): Names {
  return { exact: new Map(), prefixes: [] };
}

function asStrings(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.map(String);
  return undefined;
}

function readGroup(raw: unknown, index: number, problems: string[], ids: Set<string>): CanonicalGroup | undefined {
  const where = `group ${index + 1}`;
  if (!raw || typeof raw !== 'object') {
    problems.push(`${where}: not a mapping`);
    return undefined;
  }
  const g = raw as Record<string, unknown>;
  const id = typeof g.id === 'string' ? g.id : '';
  if (!id) problems.push(`${where}: missing id`);
  if (ids.has(id)) problems.push(`${where}: duplicate id '${id}'`);
  ids.add(id);
  const platforms = asStrings(g.platforms) ?? [];
  if (!platforms.length) problems.push(`group ${id}: no platforms`);
  for (const p of platforms) if (!KNOWN_PLATFORMS.has(p)) problems.push(`group ${id}: unknown platform '${p}' (see src/lib/platforms.ts)`);
  const groupCase = g.case ?? 'sensitive';
  if (groupCase !== 'sensitive' && groupCase !== 'insensitive') problems.push(`group ${id}: case must be sensitive or insensitive`);
  const group: CanonicalGroup = { id, platforms, names: new Map(), canonicals: [] };
  const rows = Array.isArray(g.fields) ? g.fields : [];
  if (!Array.isArray(g.fields)) problems.push(`group ${id}: fields must be a list`);
  rows.forEach((row: unknown, i: number) => readRow(group, row, `group ${id}, row ${i + 1}`, groupCase === 'insensitive', problems));
  if (typeof g.action === 'string') {
    if (group.canonicals.some((c) => c.canonical === g.action)) group.action = g.action;
    else problems.push(`group ${id}: action '${g.action}' is not one of its canonical fields`);
  }
  return group;
}

function readRow(group: CanonicalGroup, raw: unknown, where: string, groupInsensitive: boolean, problems: string[]) {
  if (!raw || typeof raw !== 'object') {
    problems.push(`${where}: not a mapping`);
    return;
  }
  const row = raw as Record<string, unknown>;
  if (row.same !== undefined) return readSameRow(group, row, where, groupInsensitive, problems);
  const canonical = typeof row.canonical === 'string' ? row.canonical.trim() : '';
  if (!canonical) {
    problems.push(`${where}: missing canonical`);
    return;
  }
  for (const key of Object.keys(row)) if (!ROW_KEYS.has(key)) problems.push(`${where} (${canonical}): unknown key '${key}'`);
  if (row.case !== undefined && row.case !== 'sensitive' && row.case !== 'insensitive') problems.push(`${where} (${canonical}): case must be sensitive or insensitive`);
  const caseInsensitive = row.case === undefined ? groupInsensitive : row.case === 'insensitive';
  const isPrefix = canonical.endsWith('.*');
  // `canonical: '*'` with names like `winlog.event_data.*`: the rest of the path is the canonical field itself.
  const isStrip = canonical === '*';
  const basename = typeof row.basename === 'string' ? row.basename : undefined;
  const vendorNames: Record<string, string[]> = {};
  for (const vendor of VENDOR_KEYS) {
    if (row[vendor] === undefined) continue;
    const names = asStrings(row[vendor]);
    if (!names) {
      problems.push(`${where} (${canonical}): ${vendor} must be a list of field names`);
      continue;
    }
    vendorNames[vendor] = names;
    let bucket = group.names.get(vendor);
    if (!bucket) group.names.set(vendor, (bucket = emptyNames()));
    for (const name of names) {
      const prefix = isPrefix || (isStrip && name.endsWith('.*'));
      addName(bucket, name, { group: group.id, canonical, caseInsensitive, basename }, prefix, row.rest === 'camel', `${where} (${canonical})`, problems);
    }
  }
  if (!Object.keys(vendorNames).length) problems.push(`${where} (${canonical}): no vendor field names`);
  group.canonicals.push({ canonical, caseInsensitive, vendorNames });
}

/** `same: [A, B]`: fields every vendor names alike on these platforms; each is its own canonical field. */
function readSameRow(group: CanonicalGroup, row: Record<string, unknown>, where: string, groupInsensitive: boolean, problems: string[]) {
  for (const key of Object.keys(row)) if (!SAME_KEYS.has(key)) problems.push(`${where} (same): unknown key '${key}'`);
  const names = asStrings(row.same);
  if (!names?.length) {
    problems.push(`${where}: same must be a list of field names`);
    return;
  }
  if (row.case !== undefined && row.case !== 'sensitive' && row.case !== 'insensitive') problems.push(`${where} (same): case must be sensitive or insensitive`);
  const caseInsensitive = row.case === undefined ? groupInsensitive : row.case === 'insensitive';
  let bucket = group.names.get('all');
  if (!bucket) group.names.set('all', (bucket = emptyNames()));
  for (const name of names) {
    addName(bucket, name, { group: group.id, canonical: name, caseInsensitive }, false, false, `${where} (${name})`, problems);
    group.canonicals.push({ canonical: name, caseInsensitive, vendorNames: { all: [name] } });
  }
}

function addName(bucket: Names, name: string, field: CanonicalField, isPrefix: boolean, camel: boolean, where: string, problems: string[]) {
  if (isPrefix !== name.endsWith('.*')) {
    problems.push(`${where}: '${name}' and its canonical field must both end in .* or neither`);
    return;
  }
  if (isPrefix) {
    const prefix = name.slice(0, -1);
    if (bucket.prefixes.some((p) => p.prefix === prefix)) problems.push(`${where}: prefix '${name}' listed twice`);
    else bucket.prefixes.push({ ...field, prefix, canonicalPrefix: field.canonical === '*' ? '' : field.canonical.slice(0, -1), camel });
    return;
  }
  const existing = bucket.exact.get(name);
  if (existing) problems.push(`${where}: '${name}' already maps to ${existing.canonical}`);
  else bucket.exact.set(name, field);
}

function resolveIn(group: CanonicalGroup, vendor: string, field: string): CanonicalField | undefined {
  for (const key of [vendor, 'all']) {
    const hit = group.names.get(key)?.exact.get(field);
    if (hit) return hit;
  }
  let best: PrefixRule | undefined;
  for (const key of [vendor, 'all']) {
    for (const rule of group.names.get(key)?.prefixes ?? []) {
      if (field.startsWith(rule.prefix) && field.length > rule.prefix.length && (!best || rule.prefix.length > best.prefix.length)) best = rule;
    }
  }
  if (!best) return undefined;
  const rest = field.slice(best.prefix.length);
  return { group: best.group, canonical: best.canonicalPrefix + (best.camel ? snakeToCamel(rest) : rest), caseInsensitive: best.caseInsensitive, basename: best.basename };
}

export function buildCanonicalTable(document: unknown): CanonicalTable {
  const problems: string[] = [];
  const rawGroups = (document as { groups?: unknown })?.groups;
  if (!Array.isArray(rawGroups)) problems.push('the table must have a `groups:` list');
  const ids = new Set<string>();
  const groups = (Array.isArray(rawGroups) ? rawGroups : [])
    .map((g, i) => readGroup(g, i, problems, ids))
    .filter((g): g is CanonicalGroup => !!g);
  for (const g of groups) for (const list of g.names.values()) list.prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
  const byPlatform = new Map<string, CanonicalGroup[]>();
  for (const g of groups) for (const p of g.platforms) byPlatform.set(p, [...(byPlatform.get(p) ?? []), g]);
  const anyGroups = byPlatform.get('any') ?? [];
  // vendor → platform → field → result: nested maps, so that a lookup allocates no key string.
  const memo = new Map<string, Map<string, Map<string, CanonicalField | null>>>();
  return {
    groups,
    problems,
    resolve(vendor, platform, field) {
      let ofVendor = memo.get(vendor);
      if (!ofVendor) memo.set(vendor, (ofVendor = new Map()));
      let byField = ofVendor.get(platform ?? '');
      if (!byField) ofVendor.set(platform ?? '', (byField = new Map()));
      let hit = byField.get(field);
      if (hit === undefined) {
        const name = normalizeFieldName(field);
        hit = null;
        for (const g of [...(platform ? byPlatform.get(platform) ?? [] : []), ...anyGroups]) {
          const found = resolveIn(g, vendor, name);
          if (found) {
            hit = found;
            break;
          }
        }
        byField.set(field, hit);
      }
      return hit ?? undefined;
    },
    actionOf(platform) {
      const g = (byPlatform.get(platform) ?? []).find((x) => x.action);
      return g && { group: g.id, canonical: g.action! };
    },
  };
}

const TABLE_PATH = join(PROJECT_ROOT, 'content', 'canonical-fields.yaml');
let loaded: CanonicalTable | undefined;

/** The project's table, loaded once per process. */
export function canonicalTable(path = TABLE_PATH): CanonicalTable {
  if (path !== TABLE_PATH) return buildCanonicalTable(parse(readFileSync(path, 'utf8')));
  if (!loaded) {
    let document: unknown;
    try {
      document = parse(readFileSync(path, 'utf8'), { maxAliasCount: -1 });
    } catch (e) {
      loaded = buildCanonicalTable(undefined);
      loaded.problems.unshift(`${path}: ${(e as Error).message}`);
      return loaded;
    }
    loaded = buildCanonicalTable(document);
  }
  return loaded;
}
