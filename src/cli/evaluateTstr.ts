// TSTR flags of `gdw evaluate` (paper Table 1): which classifiers (`--tstr mlp,cnn,transformer` or
// `none`) and how the synthetic training sets are chosen (`--tstr-set matched|as-generated`). The
// protocol itself runs in the evaluation pipeline (src/engines/evaluationPipeline.ts).
import { classifierKinds, type ClassifierKind } from '../core/classify/models';
import { UsageError } from '../core/errors';
import type { TstrTrainingSet } from '../core/report/types';
import { tstrTrainingSets } from '../engines/evaluationPipeline';

/** `--tstr mlp,cnn,transformer` or `none`. */
export function parseClassifiers(raw: string | undefined): ClassifierKind[] {
  if (raw === undefined) return [classifierKinds.mlp];
  if (raw === 'none') return [];
  const kinds = raw.split(',').map((k) => k.trim());
  const known = Object.values(classifierKinds) as string[];
  const bad = kinds.find((k) => !known.includes(k));
  if (bad !== undefined) throw new UsageError(`--tstr ${raw}: '${bad}' is not a classifier; expected some of ${known.join(', ')} or none`);
  return [...new Set(kinds)] as ClassifierKind[];
}

/** `--tstr-set matched` (default: generated in the real training split's size and balance) or `as-generated`. */
export function parseTstrTrainingSet(raw: string | undefined): TstrTrainingSet {
  if (raw === undefined) return tstrTrainingSets.matched;
  const known = Object.values(tstrTrainingSets) as string[];
  if (!known.includes(raw)) throw new UsageError(`--tstr-set ${raw}: expected ${known.join(' or ')}`);
  return raw as TstrTrainingSet;
}
