// Sampling from a GAN generator backbone: z ~ N(0, I) per sample (Philox stream `latent`,
// addressed by the global sample index like the diffusion noise), one forward pass per batch.
import type * as Ort from 'onnxruntime-web';
import type { BackboneSpec } from '../core/backbone/spec';
import type { SampleOptions, SampleRequest } from '../core/diffusion/sampler';
import { applyPaddingMask } from '../core/diffusion/denoiseLoop';
import { createCancellationPoint, InvalidRequestError } from '../core/errors';
import { fillNormal } from '../core/rng';
import { labelTensor, readFloat32, swapLastAxes, type OrtModule } from './ortDenoiser';

/** How often the loop lets a worker read a Cancel message. */
const GAN_YIELD_EVERY_MS = 50;

/** Philox stream of GAN latents; diffusion uses 1 (initial noise) and 2 (step noise). */
export const LATENT_STREAM = 3;

/** G(z) for one batch of latents z [batch, Dz]: x [batch, G, C] with padded slots set to 0. */
export async function runGenerator(
  ort: OrtModule, session: Ort.InferenceSession, spec: BackboneSpec, z: Float32Array, shape: { batch: number; genes: number; channels: number },
  labels: Int32Array | null, mask: Uint8Array | null,
): Promise<Float32Array> {
  const latent = spec.latentInput;
  if (!latent || typeof latent.latentDim !== 'number') {
    throw new InvalidRequestError(`${spec.fileName}: the generator's latent size is not fixed; expected z [B, Dz] with a number Dz`);
  }
  const { batch, genes, channels } = shape;
  if (z.length !== batch * latent.latentDim) throw new InvalidRequestError(`z holds ${z.length} values; expected [${batch}, ${latent.latentDim}]`);
  const feeds: Record<string, Ort.Tensor> = { [latent.name]: new ort.Tensor('float32', z, [batch, latent.latentDim]) };
  if (spec.labelInput) feeds[spec.labelInput.name] = labelTensor(ort, spec, labels, batch);
  const outputs = await session.run(feeds);
  try {
    const raw = await readFloat32(outputs[spec.outputName], spec.outputName);
    const x = spec.layout === 'BCG' ? swapLastAxes(raw, batch, channels, genes) : raw.slice();
    applyPaddingMask(x, mask);
    return x;
  } finally {
    for (const tensor of Object.values(outputs)) tensor.dispose();
  }
}

export async function generateFromGan(
  ort: OrtModule, session: Ort.InferenceSession, spec: BackboneSpec, request: SampleRequest, options: SampleOptions,
): Promise<Float32Array> {
  const latent = spec.latentInput;
  if (!latent || typeof latent.latentDim !== 'number') {
    throw new InvalidRequestError(`${spec.fileName}: the generator's latent size is not fixed; expected z [B, Dz] with a number Dz`);
  }
  const { count, genes, channels, batchSize, seed, firstSample: offset = 0 } = request;
  const dims = genes * channels;
  const zDim = latent.latentDim;
  const out = options.allocate?.(count * dims) ?? new Float32Array(count * dims);
  const batches = Math.ceil(count / batchSize);
  // Yield between batches so a worker reads Cancel (WASM runs resolve without a macrotask).
  const cancellationPoint = createCancellationPoint(options.signal, 'generation', GAN_YIELD_EVERY_MS);
  for (let batchIndex = 0; batchIndex < batches; batchIndex++) {
    await cancellationPoint();
    const first = batchIndex * batchSize;
    const batch = Math.min(batchSize, count - first);
    const z = new Float32Array(batch * zDim);
    for (let b = 0; b < batch; b++) fillNormal(z, b * zDim, zDim, { seed, stream: LATENT_STREAM, sampleIndex: offset + first + b, step: 0 });
    const x = await runGenerator(ort, session, spec, z, { batch, genes, channels }, request.classLabels?.subarray(first, first + batch) ?? null, request.mask ?? null);
    out.set(x, first * dims);
    options.onStep?.({
      batchIndex, batchCount: batches, stepIndex: 0, stepsPerBatch: 1, stepsDone: batchIndex + 1, stepsTotal: batches,
      samplesDone: first + batch,
    });
  }
  return out;
}
