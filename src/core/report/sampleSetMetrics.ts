// Every sample-set metric of one synthetic set against the real sets, in one run with one progress
// fraction: NNAA vs train and vs holdout with the privacy loss, the NN test (D1 = real train, and
// D1 = real holdout), DCR with protection and copies, and the memorisation histograms. The caller
// chooses the distance products first (tfjs backend or ONNX Runtime tile GEMM, metrics/tileGemm.ts).
import { throwIfCancelled } from '../errors';
import { computeDcr } from '../metrics/dcr';
import { metricProgressFraction, type DistanceSpaceOptions, type MetricProgress } from '../metrics/distanceSpace';
import { computeMemorisation } from '../metrics/memorisation';
import { computeNnaaPrivacy } from '../metrics/nnaa';
import { computeNnTest } from '../metrics/nnTest';
import type { SampleRows } from '../metrics/sampleRows';
import { dcrSection, memorisationSection, nnaaPrivacySection, nnTestSection } from './sections';
import { defaultMetricSettings, type SampleSetMetrics, type SampleSetMetricSettings } from './types';

/** The stages of a run, in order. */
export const metricStages = ['nnaa', 'nn-test-train', 'nn-test-holdout', 'dcr', 'memorisation'] as const;
export type MetricStage = (typeof metricStages)[number];

export interface MetricStageProgress {
  stage: MetricStage;
  stageIndex: number;
  stagesTotal: number;
  /** Share of the whole run done, 0 … 1; never decreases. */
  fraction: number;
}

export interface MetricSets {
  train: SampleRows;
  holdout: SampleRows;
  synthetic: SampleRows;
  /** [G·C], 1 = real slot, 0 = padding (dropped before any distance). */
  mask: Uint8Array | null;
}

export interface SampleSetMetricsOptions {
  signal?: AbortSignal;
  onProgress?: (progress: MetricStageProgress) => void;
}

/** The defaults with the given settings on top (nested objects replaced whole). */
export function resolveMetricSettings(settings: Partial<SampleSetMetricSettings> = {}): SampleSetMetricSettings {
  return { ...defaultMetricSettings, ...settings };
}

/** Runs every metric; rejects with CancelledError when `signal` fires. */
export async function computeSampleSetMetrics(
  sets: MetricSets, settings: SampleSetMetricSettings, options: SampleSetMetricsOptions = {},
): Promise<Omit<SampleSetMetrics, 'tfBackend' | 'elapsedMs'>> {
  const { train, holdout, synthetic, mask } = sets;
  const { seed, maxRows, projection } = settings;
  const stagesTotal = metricStages.length;
  let reached = 0;
  const stageOptions = (stageIndex: number): DistanceSpaceOptions => {
    throwIfCancelled(options.signal, 'evaluation');
    const report = (within: number) => {
      reached = Math.max(reached, (stageIndex + Math.min(1, within)) / stagesTotal);
      options.onProgress?.({ stage: metricStages[stageIndex], stageIndex, stagesTotal, fraction: reached });
    };
    report(0);
    return { mask, projection, signal: options.signal, onProgress: (p: MetricProgress) => report(metricProgressFraction(p)) };
  };
  const common = { seed, bootstrap: { seed, ...settings.bootstrap }, ...(maxRows === null ? {} : { maxRows }) };
  const nnaa = await computeNnaaPrivacy(train, holdout, synthetic, { ...stageOptions(0), ...common });
  const nnTrain = await computeNnTest(train, synthetic, { ...stageOptions(1), ...common, k: settings.k });
  const nnHoldout = await computeNnTest(holdout, synthetic, { ...stageOptions(2), ...common, k: settings.k });
  const dcr = await computeDcr(train, holdout, synthetic, { ...stageOptions(3), ...common, nearCopyEpsilon: settings.nearCopyEpsilon });
  const memorisation = await computeMemorisation(train, holdout, synthetic, {
    ...stageOptions(4), seed, bins: settings.similarityBins, ...(maxRows === null ? {} : { maxRows }),
  });
  options.onProgress?.({ stage: 'memorisation', stageIndex: stagesTotal - 1, stagesTotal, fraction: 1 });
  return {
    nnaa: nnaaPrivacySection(nnaa),
    nnTest: { train: nnTestSection(nnTrain), holdout: nnTestSection(nnHoldout) },
    dcr: dcrSection(dcr, settings.distanceBins),
    memorisation: memorisationSection(memorisation),
    settings,
  };
}
