// The gradient of a trained tfjs classifier's target-class score with respect to its input gene
// tensor: what activation maximisation climbs and what classifier guidance adds to ε̂. tfjs does the
// autodiff (tf.valueAndGrad through model.apply, dropout off); this module only maps the model's
// feature layout (padded genes dropped) back onto the [B, G, C] tensor, padded slots getting 0.
//   logit:     s(x) = z_y(x)                          (activation maximisation, Killoran et al. §2.2)
//   log-prob:  s(x) = z_y(x) − log Σ_k exp z_k(x)     (log p(y | x), classifier guidance, Dhariwal & Nichol 2021)
import * as tf from '@tensorflow/tfjs';
import { fillFeatures } from '../classify/dataset';
import type { Predictor } from '../classify/predict';
import { checkFinite, DesignError, designProblems } from './errors';

export const designObjectives = {
  /** The target class's logit z_y. */
  logit: 'logit',
  /** The target class's log-probability z_y − logsumexp(z). */
  logProb: 'log-prob',
} as const;
export type DesignObjective = (typeof designObjectives)[keyof typeof designObjectives];

export interface GeneTensorBatch {
  /** [B, G, C] row-major. */
  data: Float32Array;
  shape: { batch: number; genes: number; channels: number };
}

export interface ObjectiveGradient {
  /** s(x) per sample [B]. */
  values: Float32Array;
  /** ∂s/∂x [B, G, C]; 0 on padded slots and on genes the model does not read. */
  gradient: Float32Array;
}

/** Refuses a target class the predictor does not have. */
export function checkTargetClass(predictor: Pick<Predictor, 'classes'>, targetClass: number): void {
  if (!(Number.isInteger(targetClass) && targetClass >= 0 && targetClass < predictor.classes)) {
    throw new DesignError(designProblems.classOutOfRange, `target class ${targetClass}; the classifier has classes 0 … ${predictor.classes - 1}`);
  }
}

function scoreOf(model: tf.LayersModel, input: tf.Tensor3D, targetClass: number, objective: DesignObjective): tf.Tensor1D {
  const logits = model.apply(input, { training: false }) as tf.Tensor2D;
  const target = logits.gather([targetClass], 1).reshape([-1]) as tf.Tensor1D;
  return objective === designObjectives.logit ? target : tf.sub(target, tf.logSumExp(logits, 1)) as tf.Tensor1D;
}

/** s(x) and ∂s/∂x for every sample of a batch, with the predictor's dropout off. */
export async function objectiveGradient(
  predictor: Predictor, batch: GeneTensorBatch, targetClass: number, objective: DesignObjective,
): Promise<ObjectiveGradient> {
  checkTargetClass(predictor, targetClass);
  const { layout, model } = predictor;
  const { batch: rows, genes, channels } = batch.shape;
  if (genes !== layout.sourceGenes || channels !== layout.channels || batch.data.length !== rows * genes * channels) {
    throw new DesignError(designProblems.wrongEncoding,
      `the samples are [${rows}, ${genes}, ${channels}] (${batch.data.length} values); the classifier reads [B, ${layout.sourceGenes}, ${layout.channels}]`);
  }
  const modelGenes = layout.geneSlots.length;
  const features = new Float32Array(rows * modelGenes * channels);
  const idx = Int32Array.from({ length: rows }, (_, i) => i);
  fillFeatures(layout, { data: batch.data, shape: batch.shape, labels: new Int8Array(rows), mask: layout.sourceMask }, idx, features);
  const [values, grad] = tf.tidy(() => {
    const input = tf.tensor3d(features, [rows, modelGenes, channels]);
    const { value, grad: g } = tf.valueAndGrad((x: tf.Tensor3D) => scoreOf(model, x, targetClass, objective).sum() as tf.Scalar)(input);
    value.dispose();
    return [scoreOf(model, input, targetClass, objective), g];
  });
  let perSample: Float32Array;
  let modelGradient: Float32Array;
  try {
    perSample = Float32Array.from(await values.data());
    modelGradient = (await grad.data()) as Float32Array;
  } finally {
    values.dispose();
    grad.dispose();
  }
  checkFinite(perSample, 'classifier score');
  checkFinite(modelGradient, 'classifier gradient');
  // Back onto [B, G, C]: model gene g reads source slot geneSlots[g]; padded components get 0.
  const gradient = new Float32Array(batch.data.length);
  const perSource = genes * channels;
  for (let r = 0; r < rows; r++) {
    for (let g = 0; g < modelGenes; g++) {
      const slot = layout.geneSlots[g];
      if (slot < 0) continue;
      for (let c = 0; c < channels; c++) {
        const at = slot * channels + c;
        if (layout.sourceMask[at] !== 0) gradient[r * perSource + at] = modelGradient[(r * modelGenes + g) * channels + c];
      }
    }
  }
  return { values: perSample, gradient };
}
