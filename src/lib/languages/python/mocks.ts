/**
 * A unit test's Mocks (Panther: `objectName` / `returnValue`): the test runs the rule with that name of the rule's
 * module replaced by MagicMock(return_value=value). Calling it gives the value; `isinstance(x, MagicMock)` holds
 * for it alone. Without mocks (the rule as deployed) no name is a MagicMock, so `isinstance(x, MagicMock)` is False.
 */
import type { ModuleEnv, PyVal } from './values.ts';

export type Mocks = Record<string, unknown>;

/** Replaces the mocked names of the rule's module. */
export function mockGlobals(mod: ModuleEnv, mocks: Mocks): void {
  for (const [name, value] of Object.entries(mocks)) mod.globals.set(name, { k: 'mock', name, value: pyValue(value) });
}

/** A JSON / YAML value as a Python constant. */
export function pyValue(v: unknown): PyVal {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return { seq: v.map(pyValue) };
  if (typeof v === 'object') return { dict: Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, pyValue(x)]) };
  return v as string | number | boolean;
}
