// How a report says what made each number: each set's generation as it actually ran (sampler,
// steps, η, seed, batch, EP) and, for the settings block, one sampler line only when every
// backbone's set was made the same way. Shared by the HTML report and the app's summary.
import type { EvaluationReport, GenerationSection } from './types';

/** The sampler of one generation: 'GAN, one forward pass per sample', 'ddim, 10 steps, η = 0', 'ddpm, 1000 steps'. */
export function samplerText(g: GenerationSection): string {
  if (g.sampler === 'gan') return 'GAN, one forward pass per sample';
  return g.eta === null ? `${g.sampler}, ${g.steps} steps` : `${g.sampler}, ${g.steps} steps, η = ${g.eta}`;
}

/** One set's generation: its version when the app kept several, n and classes, sampler, seed, batch and EP, as they ran. */
export function generationText(g: GenerationSection, count: (n: number) => string = String): string {
  const version = g.setVersion === undefined ? '' : `set v${g.setVersion}: `;
  return `${version}${count(g.count)} samples${g.classCounts ? ` (${g.classCounts.join(' + ')})` : ''}, ${samplerText(g)}, seed ${g.seed}, batch ${count(g.batchSize)}, ${g.executionProvider}`;
}

/**
 * The settings block's sampler: the one way every set was generated, or, when the sets were made
 * differently (each in the Generate panel with its own settings), a pointer to each backbone's line.
 */
export function samplerSummary(report: EvaluationReport, count: (n: number) => string = String): string {
  const ways = new Set(report.backbones.map((b) => `${samplerText(b.generation)}, seed ${b.generation.seed}, batch ${count(b.generation.batchSize)}`));
  if (ways.size === 1) return [...ways][0];
  return 'differs per backbone (each set as generated): see each backbone\'s generation';
}
