/**
 * Panther policies: configuration checks run on a snapshot of each cloud resource (PolicyID, ResourceTypes,
 * `policy(resource)` in Python, tests on a `Resource`). The policy passes when `policy` returns True and alerts
 * on the resources where it returns False.
 */
import { normalizeSeverity } from '../../definitions.ts';
import { warning } from '../../diagnostics.ts';
import type { RuleDraft } from '../../model.ts';
import { asString, asStringList, fileStem } from '../common.ts';
import type { SourceContext } from '../types.ts';
import { commonFields, filesOf } from './document.ts';

/**
 * Resource types → platform. A resource snapshot is not a log: Panther's cloud scanning reads each
 * resource's configuration through the cloud's API (AWS Config-like), so each cloud gets one
 * "<cloud> Resources" platform rather than a log platform (AWS.S3.Bucket, AWS.IAM.User, and the
 * account-wide "AWS" all read AWS resources).
 */
export function resourcePlatform(resourceTypes: string[]): string | undefined {
  for (const t of resourceTypes) if (/^AWS(\.|$)/.test(t)) return 'AWS Resources';
  return undefined;
}

export function policyDraft(relPath: string, text: string, y: Record<string, unknown>, source: SourceContext): RuleDraft {
  const { files, document, diagnostics } = filesOf(relPath, text, y, source);
  const policyId = asString(y.PolicyID);
  if (!policyId) diagnostics.push(warning(relPath, 'missing-rule-id', 'the policy has no PolicyID', 1));
  const title = asString(y.DisplayName) ?? policyId ?? fileStem(relPath);
  if (!asString(y.DisplayName)) diagnostics.push(warning(relPath, 'missing-title', 'no DisplayName: the PolicyID is the title', 1));
  if (!asString(y.Filename)) diagnostics.push(warning(relPath, 'missing-python', 'the policy names no Python file', 1));
  const resourceTypes = asStringList(y.ResourceTypes);
  const severity = asString(y.Severity);
  return {
    ...commonFields(y, title),
    upstreamId: policyId,
    slugBase: policyId ?? title,
    title,
    severity: { original: severity, normalized: normalizeSeverity(severity) },
    kind: 'policy',
    logSource: resourceTypes,
    logPlatform: resourcePlatform(resourceTypes),
    files,
    query: document.python ? { language: 'python', text: document.python.text } : undefined,
    diagnostics,
    document,
  };
}
