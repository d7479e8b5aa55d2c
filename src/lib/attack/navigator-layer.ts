/**
 * The ATT&CK Navigator layer format (4.5) the site writes: the shell every layer shares (versions, layout,
 * gradient over the scores). Free of imports, so the "my telemetry" script bundles it for the browser.
 */

/** The Navigator release whose layer format (4.5) these layers follow. */
export const NAVIGATOR_VERSION = '5.1.0';

export interface NavigatorTechnique {
  techniqueID: string;
  score: number;
  comment: string;
  enabled: boolean;
  showSubtechniques?: boolean;
}

export interface NavigatorLayer {
  name: string;
  versions: { attack: string; navigator: string; layer: '4.5' };
  domain: 'enterprise-attack';
  description: string;
  sorting: 3;
  layout: { layout: 'side'; showID: boolean; showName: boolean; showAggregateScores: boolean };
  hideDisabled: boolean;
  techniques: NavigatorTechnique[];
  gradient: { colors: string[]; minValue: number; maxValue: number };
  legendItems: { label: string; color: string }[];
  metadata: { name: string; value: string }[];
}

/** A layer of these techniques, sorted by score, the gradient running from 0 to the highest score. */
export function navigatorLayer(parts: {
  name: string;
  /** ATT&CK major version ("19"). */
  attack: string;
  description: string;
  techniques: NavigatorTechnique[];
  metadata: { name: string; value: string }[];
}): NavigatorLayer {
  const max = Math.max(1, ...parts.techniques.map((t) => t.score));
  return {
    name: parts.name,
    versions: { attack: parts.attack, navigator: NAVIGATOR_VERSION, layer: '4.5' },
    domain: 'enterprise-attack',
    description: parts.description,
    sorting: 3,
    layout: { layout: 'side', showID: true, showName: true, showAggregateScores: false },
    hideDisabled: false,
    techniques: parts.techniques,
    gradient: { colors: ['#ffffff', '#66b1ff', '#0b3d91'], minValue: 0, maxValue: max },
    legendItems: [],
    metadata: parts.metadata,
  };
}
