// The design report: what `gdw design` writes and the app's Design card shows. Per method: the
// predictor's and the oracles' scores per iteration (seed 002's "oracle score vs iteration"), the
// scores before and after with bootstrap intervals, realism after, the per-gene change from the
// starting samples, and whether the predictor was fooled (its score up, the oracle's flat).
import type { BootstrapInterval } from '../metrics/bootstrap';
import type { GeneChange } from '../translate/changeMap';
import type { ActivationSettings } from './activationMax';
import type { DesignObjective } from './classifierGradient';
import type { LatentSearchSettings } from './latentSearch';

export const DESIGN_REPORT_FORMAT = 'gdw-design-report';
export const DESIGN_REPORT_VERSION = 1;

export const designMethods = {
  /** Gradient ascent on the classifier's target logit, on the gene tensor (with a realism penalty). */
  activation: 'activation',
  /** The joint method: an evolution strategy over a GAN generator's latent z, scored by the classifier on G(z). */
  joint: 'joint',
  /** Classifier guidance of a diffusion backbone's sampling, on x̂₀, against its class-conditional sampling. */
  guidance: 'guidance',
} as const;
export type DesignMethod = (typeof designMethods)[keyof typeof designMethods];

/** Where activation maximisation starts: real samples of the chosen set, or N(0, I) noise on the real slots. */
export const designStarts = { real: 'real', noise: 'noise' } as const;
export type DesignStart = (typeof designStarts)[keyof typeof designStarts];

export interface GuidanceSettings {
  /** s in [0, 1000]; 0 is the backbone's own (class-conditional) sampling. */
  scale: number;
  /** DDIM steps, 1 … T. */
  steps: number;
  /** DDIM η in [0, 1]. */
  eta: number;
}

export interface ClassifierPlan {
  kind: string;
  epochs: number;
}

/** Every setting that changes a number of the report. */
export interface DesignSettings {
  methods: DesignMethod[];
  targetClass: number;
  /** Designs per method. */
  designs: number;
  /** Seeds the starting samples, the ES, the guidance sampler's noise, the classifiers and the bootstrap. */
  seed: number;
  start: DesignStart;
  /** The activation objective (the guidance always uses log p(y | x̂₀)). */
  objective: DesignObjective;
  activation: Omit<ActivationSettings, 'targetClass'>;
  latent: Omit<LatentSearchSettings, 'seed'>;
  guidance: GuidanceSettings;
  /** The predictor the optimisers climb, and the oracle classifier (trained on the disjoint half), both on real training samples. */
  predictor: ClassifierPlan;
  oracleClassifier: ClassifierPlan | null;
  bootstrap: { resamples: number; level: number };
  /** Genes listed with intervals in the per-gene change. */
  topGenes: number;
}

/** Mean scores of a set of designs, with bootstrap intervals over designs. */
export interface DesignScores {
  /** The predictor's p(target | x). */
  predictor: BootstrapInterval;
  /** True genetic liability Σ β_j·d_j of the decoded hard genotypes (truth.json); null without a truth file. */
  liability: BootstrapInterval | null;
  /** The oracle classifier's p(target | x); null without one. */
  oracleClassifier: BootstrapInterval | null;
}

/** One point of a method's trace: means over designs. */
export interface DesignTracePoint {
  iteration: number;
  predictor: number;
  liability: number | null;
  oracleClassifier: number | null;
  /** The method's penalty (realism R(x) or latent prior), when it has one. */
  penalty: number | null;
}

export interface DesignRealism {
  /** Per design, the Euclidean distance over real slots to the nearest real training sample; mean with interval. */
  nearestReal: BootstrapInterval;
  /** NNAA of the designs against real holdout-size reference (AATS 0.5 = indistinguishable). */
  nnaa: { aats: number; aaTruth: number; aaSyn: number } | null;
  /** Allele frequencies of the decoded hard genotypes against the real training samples'. */
  alleleFrequency: { rmse: number; pearson: number; snps: number } | null;
  /** LD drift: mean |r²(designs) − r²(real)| over SNP pairs within windows of consecutive codec SNPs (decoded hard genotypes). */
  ld: { meanAbsR2Diff: number; pairs: number; windowSnps: number } | null;
}

export interface MethodReport {
  method: DesignMethod;
  status: 'done' | 'cancelled';
  /** What the method's starting point is: real samples, noise, GAN samples G(z₀), or class-conditional samples (scale 0). */
  startedFrom: string;
  iterationsDone: number;
  /** Optimisation kind, for the record: 'gradient (tfjs)', 'ES (no generator gradient)', 'guided sampling'. */
  optimiser: string;
  trace: DesignTracePoint[];
  before: DesignScores;
  after: DesignScores;
  /** Realism of the starting samples and of the designs. */
  realismBefore: DesignRealism;
  realismAfter: DesignRealism;
  perGene: { top: GeneChange[]; all: { gene: number; name: string; change: number }[] };
  /** The predictor's score went up (interval above the start's) while the oracle's did not: seed 002's warning. */
  fooled: { predictorUp: boolean; liabilityUp: boolean | null; oracleClassifierUp: boolean | null; fooled: boolean | null };
  elapsedMs: number;
}

export interface DesignReport {
  format: typeof DESIGN_REPORT_FORMAT;
  version: typeof DESIGN_REPORT_VERSION;
  generator: string;
  status: 'done' | 'cancelled';
  backbone: { file: string; sha256: string | null; kind: 'diffusion' | 'gan-generator' } | null;
  data: { codecSha256: string; targetClass: { index: number; name: string }; predictorTrainedOn: number; oracleTrainedOn: number };
  /** The scale of the oracles: their mean on the real training samples of the target class and of the others. */
  realReference: { target: { liability: number | null; oracleClassifier: number | null }; others: { liability: number | null; oracleClassifier: number | null } };
  settings: DesignSettings;
  /** Predictor and oracle classifier on the real holdout: balanced accuracy (how good a predictor is being climbed). */
  classifiers: { predictorHoldoutBalancedAccuracy: number | null; oracleHoldoutBalancedAccuracy: number | null };
  methods: MethodReport[];
  elapsedMs: number;
}
