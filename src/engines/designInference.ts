// The inference engine's forward(): one pass of the loaded backbone for the design pipeline, a
// denoiser's raw prediction (classifier guidance runs the sampler around it) or a GAN generator's G(z)
// (the joint method's evolution strategy proposes the z).
import type * as Ort from 'onnxruntime-web';
import type { BackboneSpec } from '../core/backbone/spec';
import { DesignError, designProblems } from '../core/design/errors';
import { runGenerator } from './ganSampler';
import type { BackboneForward } from './inference';
import { createOrtDenoiser, type OrtModule } from './ortDenoiser';

export async function forwardBackbone(ort: OrtModule, session: Ort.InferenceSession, spec: BackboneSpec, call: BackboneForward): Promise<Float32Array> {
  if (call.kind === 'generate') {
    if (spec.kind !== 'gan-generator') {
      throw new DesignError(designProblems.missingInput, `${spec.fileName} is a diffusion denoiser: it takes no latent z (the joint method needs a GAN generator)`);
    }
    return runGenerator(ort, session, spec, call.z, { batch: call.count, genes: call.genes, channels: call.channels }, call.labels, call.mask);
  }
  if (spec.kind !== 'diffusion') {
    throw new DesignError(designProblems.missingInput, `${spec.fileName} is a GAN generator: it has no denoiser to guide (guidance needs a diffusion backbone)`);
  }
  return createOrtDenoiser(ort, session, spec).predict(call.x, call.shape, call.t, call.labels);
}
