/**
 * Whether an API operation changes something (Create, Delete, Put, Update, Attach, Stop, Revoke, Set...) rather
 * than reading or computing (Get, List, Describe, Decrypt, Invoke...): the first word of its PascalCase name, or the second after `Batch`
 * (BatchDeleteImage). An uncovered mutating operation is a candidate gap; an uncovered read rarely is.
 */
export const MUTATING_VERBS: ReadonlySet<string> = new Set([
  'Abort', 'Accept', 'Activate', 'Add', 'Allocate', 'Apply', 'Approve', 'Archive', 'Assign', 'Associate', 'Attach',
  'Authorize', 'Cancel', 'Change', 'Clear', 'Close', 'Complete', 'Confirm', 'Copy', 'Create', 'Deactivate', 'Decline',
  'Delete', 'Deny', 'Deprecate', 'Deprovision', 'Deregister', 'Detach', 'Disable', 'Disassociate',
  'Disconnect', 'Enable', 'Execute', 'Export', 'Grant', 'Import', 'Initiate', 'Install',
  'Invite', 'Issue', 'Leave', 'Link', 'Lock', 'Merge', 'Modify', 'Move', 'Patch', 'Promote', 'Provision',
  'Publish', 'Purchase', 'Purge', 'Put', 'Reboot', 'Register', 'Reject', 'Release', 'Remove', 'Rename', 'Replace',
  'Request', 'Reset', 'Resize', 'Restore', 'Resume', 'Retire', 'Revoke', 'Rotate', 'Run', 'Schedule', 'Send', 'Set',
  'Share', 'Start', 'Stop', 'Submit', 'Suspend', 'Swap', 'Tag', 'Terminate', 'Transfer', 'Unarchive',
  'Unassign', 'Uninstall', 'Unlink', 'Unlock', 'Unshare', 'Untag', 'Update', 'Upgrade', 'Upload', 'Write',
]);

/** The leading PascalCase word ("Delete" of "DeleteTrail", "" when the name does not start with one). */
export function leadingVerb(operation: string): string {
  const words = operation.match(/^[A-Z][a-z]+/);
  if (!words) return '';
  if (words[0] === 'Batch') return /^Batch([A-Z][a-z]+)/.exec(operation)?.[1] ?? 'Batch';
  return words[0];
}

export function isMutating(operation: string): boolean {
  return MUTATING_VERBS.has(leadingVerb(operation));
}
