// The translation report: what `gdw translate` writes and the app will show, in the order to read
// it (the reconstruction check first: a translation means nothing if the same-class round trip does
// not come back), with every setting that changed a number beside it.
import type { ChangeMap, DistanceSummary, GeneChange, SnpChange } from './changeMap';
import type { CausalAuc, ProportionInterval } from './outcome';
import type { TranslationSettings } from './translate';

export const TRANSLATION_REPORT_FORMAT = 'gdw-translation-report';
export const TRANSLATION_REPORT_VERSION = 1;

/** Which real samples are translated: a split role of the bundle, or every labelled sample. */
export const translationSampleSets = {
  holdout: 'holdout',
  train: 'train',
  all: 'all',
} as const;
export type TranslationSampleSet = (typeof translationSampleSets)[keyof typeof translationSampleSets];

export interface TranslationFlipRate {
  /** The classifier, trained on the real training split only. */
  classifier: { kind: string; epochs: number; seed: number; trainedOn: number; holdoutBalancedAccuracy: number | null };
  /** Translated samples the classifier assigns to the target class. */
  translatedAsTarget: ProportionInterval;
  /** The untranslated originals it assigns to the source class (the rate the translation flips from). */
  originalsAsSource: ProportionInterval;
  /** The reconstructions (same-class round trip) it assigns to the source class. */
  reconstructedAsSource: ProportionInterval;
}

export interface TranslationReport {
  format: typeof TRANSLATION_REPORT_FORMAT;
  version: typeof TRANSLATION_REPORT_VERSION;
  generator: string;
  status: 'done' | 'cancelled';
  backbone: { file: string; sha256: string | null; numClasses: number; timesteps: number; codecCheck: 'match' | 'absent' };
  data: {
    codecSha256: string;
    samples: TranslationSampleSet;
    sourceClass: { index: number; name: string };
    targetClass: { index: number; name: string };
    /** Samples chosen (the source class in `samples`, capped by maxSamples) and translated (fewer after a cancel). */
    chosen: number;
    translated: number;
    /** Chosen only among these many named samples (the app's UMAP selection); absent: the whole set. */
    selectedIds?: number;
    sampleIds: string[];
  };
  settings: TranslationSettings & { timesteps: number[]; maxSamples: number | null; seed: number; bootstrap: { resamples: number; level: number } };
  /** Invert + regenerate under the source class: distance to the original (must be small; read it first). */
  reconstruction: DistanceSummary;
  /** Translated vs original: how far the translation moved the samples, to compare with the reconstruction. */
  translation: DistanceSummary;
  /** Translated to the target and back: distance to the original (`l2` is seed 003's cycle loss); null when not run. */
  cycle: DistanceSummary | null;
  changeMap: {
    perGene: 'mean over samples of the mean |Δ| over the gene\'s real components (latent, standardised slots)';
    genes: number;
    bootstrap: ChangeMap['bootstrap'];
    /** The top genes by change, largest first, with intervals. */
    top: GeneChange[];
    /** Change of every real gene by slot (for a Manhattan-style plot). */
    all: { gene: number; name: string; change: number }[];
  };
  /** Per SNP, the mean decoded dosage change (largest |change| first); null without the codec. */
  snpChanges: SnpChange[] | null;
  flipRate: TranslationFlipRate | null;
  /** Why flipRate is null although one was asked for (a cancel while its classifier trained); absent otherwise. */
  flipRateMissing?: string;
  /** AUC of the change map ranking the truth's causal genes above the others; null without a truth file. */
  causalGenes: CausalAuc | null;
  elapsedMs: number;
}
