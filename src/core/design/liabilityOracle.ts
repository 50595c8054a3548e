// The simulated demo's true oracle: the genetic liability g = Σ_j β_j·d_j of the simulator's causal SNPs
// (truth.json "causalSnps": effect β_j per ALT copy, rescaled so Var(g) = h² in the population; see
// sim/phenotype.ts), with d_j the design's dosage decoded through the codec (transform.ts decodeInto:
// x̂ = (s·t + m)·Wᵀ + μ per gene, averaged over the genes sharing the SNP), rounded and clipped to 0 … 2
// as an exported genotype would be ('hard'), or left as decoded ('soft'). No optimiser ever sees it.
import type { GeneCodec } from '../encode/codec';
import { ParseError } from '../errors';
import { DesignError, designProblems } from './errors';

export interface CausalEffect {
  variantId: string;
  effect: number;
}

/** truth.json's causal SNPs and effects; a ParseError naming the file and what was expected otherwise. */
export function parseCausalEffects(text: string, fileName: string): CausalEffect[] {
  let truth: unknown;
  try {
    truth = JSON.parse(text);
  } catch (err) {
    throw new ParseError(`${fileName}: not JSON (${(err as Error).message}); expected the truth.json gdw simulate writes`, { file: fileName });
  }
  const snps = (truth as { causalSnps?: unknown } | null)?.causalSnps;
  const ok = (s: unknown) => typeof (s as CausalEffect | null)?.variantId === 'string' && Number.isFinite((s as CausalEffect).effect);
  if (!Array.isArray(snps) || snps.length === 0 || !snps.every(ok)) {
    throw new ParseError(`${fileName}: expected "causalSnps": [{ "variantId": …, "effect": <number> }, …] as in the truth.json gdw simulate writes`, { file: fileName });
  }
  return snps.map((s: CausalEffect) => ({ variantId: s.variantId, effect: s.effect }));
}

/** One causal SNP as the codec decodes it: its effect and, per gene that holds it, where its loadings are. */
interface DecodedSnp {
  effect: number;
  mean: number;
  genes: { slot: number; components: number; loadingAt: number }[];
}

export interface LiabilityOracle {
  /** Causal SNPs the codec decodes, of those in the truth file. */
  matched: number;
  /** Causal SNPs the codec has no gene for (they add nothing to any design's g). */
  unmatched: string[];
  /** g per sample of a tensor [n, G, C]. */
  score(tensor: ArrayLike<number>, n: number, dosage?: 'hard' | 'soft'): Float64Array;
}

/** Matches truth.json's SNPs to the codec's variants by ID, else by chrom:pos. */
export function createLiabilityOracle(codec: GeneCodec, effects: readonly CausalEffect[]): LiabilityOracle {
  const { variants } = codec;
  const rowOf = new Map<string, number>();
  for (let v = 0; v < variants.pos.length; v++) {
    rowOf.set(`${variants.chrom[v]}:${variants.pos[v]}`, v);
    if (variants.id[v] && variants.id[v] !== '.') rowOf.set(variants.id[v], v);
  }
  const snps: DecodedSnp[] = [];
  const unmatched: string[] = [];
  for (const { variantId, effect } of effects) {
    const row = rowOf.get(variantId);
    const genes: DecodedSnp['genes'] = [];
    if (row !== undefined) {
      codec.genes.forEach((gene, slot) => {
        const a = gene.snps.indexOf(row);
        if (a >= 0) genes.push({ slot, components: gene.components, loadingAt: gene.loadingOffset + a * gene.components });
      });
    }
    if (genes.length === 0) unmatched.push(variantId);
    else snps.push({ effect, mean: codec.means[row as number], genes });
  }
  if (snps.length === 0) {
    throw new DesignError(designProblems.wrongEncoding, `none of the truth file's ${effects.length} causal SNPs is in the codec (matched by ID or chrom:pos): use the truth.json of the cohort the bundle was encoded from`);
  }
  const { geneSlots: slots, componentsPerGene: c } = codec.settings;
  const { loadings, slotMean, slotStd } = codec;
  return {
    matched: snps.length,
    unmatched,
    score(tensor, n, dosage = 'hard') {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        for (const snp of snps) {
          let x = 0;
          for (const g of snp.genes) {
            let value = snp.mean;
            for (let j = 0; j < g.components; j++) {
              const at = g.slot * c + j;
              value += (tensor[(i * slots + g.slot) * c + j] * slotStd[at] + slotMean[at]) * loadings[g.loadingAt + j];
            }
            x += value;
          }
          x /= snp.genes.length;
          const d = dosage === 'soft' ? x : Math.min(2, Math.max(0, Math.round(x)));
          out[i] += snp.effect * d;
        }
      }
      return out;
    },
  };
}
