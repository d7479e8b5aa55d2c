/**
 * A rule's stages and correlation in words, for every vendor: the label of each stage, the correlation as one
 * plain sentence ("Sequence by host.id within 1m: stage 1, then stage 2"; "Per userid within 24h:
 * distinct_count(city) > 1") and the rule's shape (single event, sequence, threshold...).
 */
import { logicStages } from './tree.ts';
import type { Correlation, CorrelationKind, RuleLogic, Stage } from './types.ts';

const SHAPES: Record<CorrelationKind, string> = {
  sequence: 'sequence',
  temporal: 'events in any order',
  join: 'join',
  union: 'union',
  threshold: 'threshold',
  distinct_count: 'distinct count',
  aggregation: 'aggregation',
  new_terms: 'new terms',
  indicator_match: 'indicator match',
  sample: 'sample',
};

/** What kind of rule this is: "single event", "sequence of 3 stages", "threshold", "new terms"... */
export function logicShape(logic: RuleLogic): string {
  const stages = logicStages(logic);
  if (!logic.correlation) return stages.length > 1 ? `${stages.length} stages` : 'single event';
  const shape = SHAPES[logic.correlation.kind];
  const counted = stages.filter((s) => s.role !== 'until' && s.role !== 'missing').length;
  return counted > 1 ? `${shape} of ${counted} stages` : shape;
}

/** "stage 2", or the stage's own name when the rule gives one. */
export function stageName(stage: Stage, index: number): string {
  return stage.name ?? `stage ${index + 1}`;
}

/** The heading of a stage block: its name, the event type or table it reads, its role and its own keys. */
export function stageLabel(stage: Stage, index: number, count: number): string {
  const parts = [count > 1 || stage.name ? stageName(stage, index) : 'events'];
  if (stage.source) parts.push(`(${stage.source})`);
  const extras = [
    stage.role === 'missing' ? 'must not occur' : stage.role,
    stage.by?.length ? `by ${stage.by.join(', ')}` : undefined,
    stage.runs && stage.runs > 1 ? `${stage.runs} events in a row` : undefined,
  ].filter(Boolean);
  return `${parts.join(' ')}${extras.length ? `: ${extras.join(', ')}` : ''}`;
}

/** The stage's name in a sentence: "no $mfa" for a stage that must not occur. */
const mention = (s: Stage, i: number) => (s.role === 'missing' ? `no ${stageName(s, i)}` : stageName(s, i));

function stageList(stages: Stage[], ordered: boolean): string {
  const main = stages.flatMap((s, i) => (s.role === 'until' ? [] : [mention(s, i)]));
  const until = stages.flatMap((s, i) => (s.role === 'until' ? [stageName(s, i)] : []));
  const joined = ordered ? main.join(', then ') : main.length > 1 ? `${main.slice(0, -1).join(', ')} and ${main[main.length - 1]}, in any order` : main.join('');
  return until.length ? `${joined}; until ${until.join(', ')}` : joined;
}

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The correlation as one sentence; the extractor's own `summary` wins when it wrote one. */
export function correlationSentence(correlation: Correlation, stages: Stage[]): string {
  if (correlation.summary) return correlation.summary;
  const by = correlation.by.length ? ` by ${correlation.by.join(', ')}` : '';
  const within = correlation.window ? ` within ${correlation.window}` : '';
  const condition = correlation.condition ?? '';
  switch (correlation.kind) {
    case 'sequence':
    case 'sample':
    case 'temporal':
      // The condition on the matched sequence (YARA-L `#fail > 10`, Sigma temporal counts) belongs in the sentence too.
      return `${capitalized(correlation.kind === 'temporal' ? 'all' : correlation.kind)}${by}${within}: ${stageList(stages, correlation.kind === 'sequence' || !!correlation.ordered)}${condition ? `, where ${condition}` : ''}`;
    case 'join':
      return `Join${correlation.detail ? ` (${correlation.detail})` : ''}${correlation.by.length ? ` on ${correlation.by.join(', ')}` : ''}${within}: ${stages.map(mention).join(' with ')}${condition ? `, where ${condition}` : ''}`;
    case 'union':
      return `Union${within} of ${stages.map(stageName).join(', ')}${condition ? `, where ${condition}` : ''}`;
    case 'new_terms':
      return `New terms: ${condition || `first value of ${correlation.by.join(', ')}`}`;
    case 'indicator_match':
      return `Indicator match${correlation.detail ? ` against ${correlation.detail}` : ''}${condition ? `: ${condition}` : ''}`;
    default: {
      const group = correlation.by.length ? `Per ${correlation.by.join(', ')}` : 'Over all matching events';
      return `${group}${within}: ${condition || `aggregated (${SHAPES[correlation.kind]})`}`;
    }
  }
}

/** The correlation's parts as label/text pairs, in the order a reader checks them against the rule. */
export function correlationParts(correlation: Correlation): { label: string; text: string }[] {
  const parts = [
    { label: 'Kind', text: SHAPES[correlation.kind] },
    { label: 'By', text: correlation.by.join(', ') },
    { label: 'Window', text: correlation.window ?? '' },
    { label: 'Order', text: correlation.ordered === undefined ? '' : correlation.ordered ? 'in order' : 'any order' },
    { label: 'Condition', text: correlation.condition ?? '' },
    { label: 'Detail', text: correlation.detail ?? '' },
  ];
  return parts.filter((p) => p.text);
}
