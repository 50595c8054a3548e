// How far the same-class round trip moves a sample, against how far the translation moves it: a
// round trip that moves it a quarter as far or more leaves the translation's change map mostly
// the backbone's inversion error (seed 003: check the reconstruction before reading an edit).
import type { TranslationReport } from '../../../core/translate/report';

/** Reconstruction / translation mean |Δ| at or above this: the translation means little. */
export const RECONSTRUCTION_WARNING_RATIO = 0.25;

export interface ReconstructionVerdict {
  /** Reconstruction mean |Δ| over the translation's; NaN when the translation moved nothing. */
  ratio: number;
  trustworthy: boolean;
}

export function getReconstructionVerdict(report: TranslationReport): ReconstructionVerdict {
  const ratio = report.reconstruction.meanAbs.estimate / report.translation.meanAbs.estimate;
  return { ratio, trustworthy: Number.isFinite(ratio) && ratio < RECONSTRUCTION_WARNING_RATIO };
}
