/** The compact ATT&CK data the project commits (data/attack/enterprise.json), written by scripts/attack-data.ts. */

export interface AttackTactic {
  /** TA0005 */
  id: string;
  /** stealth */
  shortname: string;
  /** Stealth */
  name: string;
  url: string;
}

export interface AttackTechnique {
  /** T1562 or T1685.002 */
  id: string;
  name: string;
  /** Tactic shortnames (kill-chain phases). */
  tactics: string[];
  /** Parent technique ID of a sub-technique. */
  parent?: string;
  /** The ID that replaced this one when MITRE revoked it. */
  revokedBy?: string;
  deprecated?: boolean;
  /** First sentence of MITRE's description (active techniques only). */
  summary?: string;
  url: string;
}

export interface AttackData {
  /** ATT&CK release, e.g. "19.1". */
  version: string;
  modified?: string;
  /** Tactics in matrix order. */
  tactics: AttackTactic[];
  /** Retired tactic shortnames or names (lower-case) mapped to today's tactic ID. */
  tacticAliases: Record<string, string>;
  techniques: AttackTechnique[];
}
