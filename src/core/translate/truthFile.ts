// The simulator's truth.json (core/sim, `gdw simulate`) as a translation reads it: the names of
// its causal genes, the positives of the change map's causal-gene AUC. Shared by `gdw translate
// --truth` and the app's Translate card.
import { ParseError } from '../errors';

/** The causal genes' names; a ParseError naming the file and what was expected otherwise. */
export function parseCausalGenes(text: string, fileName: string): string[] {
  let truth: unknown;
  try {
    truth = JSON.parse(text);
  } catch (err) {
    throw new ParseError(`${fileName}: not JSON (${(err as Error).message}); expected the truth.json gdw simulate writes`, { file: fileName });
  }
  const genes = (truth as { causalGenes?: unknown } | null)?.causalGenes;
  if (!Array.isArray(genes) || genes.length === 0 || genes.some((g) => typeof (g as { name?: unknown } | null)?.name !== 'string')) {
    throw new ParseError(`${fileName}: expected "causalGenes": [{ "name": … }, …] as in the truth.json gdw simulate writes`, { file: fileName });
  }
  return genes.map((g) => (g as { name: string }).name);
}
