// Report sections from the core results: the numbers, intervals, histograms and settings are kept,
// the per-point arrays (indicators, row indices) are left out, typed arrays become number[].
import type { ValidationLoss } from '../diffusion/evaluate';
import { originKey } from '../embed/points';
import type { UmapEmbedding } from '../embed/umap';
import type { DcrResult } from '../metrics/dcr';
import { fixedHistogram, type FixedHistogram, type HistogramBins, type MemorisationResult, type MemorisationSide } from '../metrics/memorisation';
import type { NnaaPrivacyResult, NnaaResult } from '../metrics/nnaa';
import type { NnTestResult } from '../metrics/nnTest';
import type {
  DcrSection, HistogramSection, MemorisationSection, MemorisationSideSection, NnaaSection, NnTestSection, SampleSetMetrics,
  UmapSection, ValidationLossSection,
} from './types';

export function histogramSection(histogram: FixedHistogram): HistogramSection {
  return { edges: Array.from(histogram.edges), counts: Array.from(histogram.counts), outside: histogram.outside };
}

export function nnaaSection(result: NnaaResult): NnaaSection {
  const { aaTruth, aaSyn, aats, truthTies, synTies, intervals, settings } = result;
  return { aaTruth, aaSyn, aats, truthTies, synTies, intervals, settings };
}

export function nnaaPrivacySection(result: NnaaPrivacyResult): SampleSetMetrics['nnaa'] {
  return {
    train: nnaaSection(result.train), holdout: nnaaSection(result.holdout),
    privacyLoss: result.privacyLoss, privacyLossInterval: result.privacyLossInterval,
  };
}

export function nnTestSection(result: NnTestResult): NnTestSection {
  const { score, expectedUnderNull, boundaryTies, interval, settings } = result;
  return { score, expectedUnderNull, boundaryTies, interval, settings };
}

export function dcrSection(result: DcrResult, distanceBins: HistogramBins): DcrSection {
  const { protection, copies } = result;
  return {
    synthetic: result.synthetic.summary,
    holdout: result.holdout.summary,
    histograms: {
      bins: distanceBins,
      synthetic: histogramSection(fixedHistogram(result.synthetic.distances, distanceBins)),
      holdout: histogramSection(fixedHistogram(result.holdout.distances, distanceBins)),
    },
    protection: {
      share: protection.share, ties: protection.ties, interval: protection.interval, train: protection.train, holdout: protection.holdout,
    },
    copies: {
      synthetic: { exact: copies.synthetic.exact, near: copies.synthetic.near },
      holdout: { exact: copies.holdout.exact, near: copies.holdout.near },
    },
    settings: result.settings,
  };
}

function memorisationSideSection(side: MemorisationSide): MemorisationSideSection {
  return { histogram: histogramSection(side.histogram), summary: side.summary };
}

export function memorisationSection(result: MemorisationResult): MemorisationSection {
  return {
    synthetic: memorisationSideSection(result.synthetic),
    holdout: memorisationSideSection(result.holdout),
    settings: result.settings,
  };
}

export function validationLossSection(result: ValidationLoss): ValidationLossSection {
  return { loss: result.loss, stdError: result.stdError, settings: result.settings, draws: result.draws };
}

export function umapSection(
  embedding: UmapEmbedding, subsample: { maxPerSet: number | null; seed: number }, run: { tfBackend: string; elapsedMs: number },
): UmapSection {
  const { points } = embedding;
  return {
    settings: embedding.settings,
    maxPerSet: subsample.maxPerSet,
    subsampleSeed: subsample.seed,
    sets: embedding.sets,
    points: {
      x: points.map((p) => p.x),
      y: points.map((p) => p.y),
      origin: points.map((p) => originKey(p.origin)),
      label: points.map((p) => p.label),
      sampleId: points.map((p) => p.sampleId),
    },
    ...run,
  };
}
