// The genotype-space figures' traces (issue 12; Yelmen et al. 2021, Figs. 1–3), from the report's
// genotypeSpace section only, so every point drawn is a number of the report: allele frequencies
// synthetic vs real, LD r² of one set (real lower triangle, synthetic upper) and LD decay,
// per-sample heterozygosity and ALT allele counts, Manhattan distance distributions, and the real
// PCA with each set projected. Each set is named and coloured by the workbench's identities; the
// real sets take their greys.
import type { Data } from 'plotly.js-dist-min';
import type { GenotypeSetSection, GenotypeSpaceReport } from '../../core/genospace/section';
import type { DistributionSummary } from '../../core/metrics/summary';
import { getIdentity, realSetIdentities, type Identity } from '../../core/report/identity';

type Identities = ReadonlyMap<string, Identity>;

const fixed = (x: number | null, digits: number): string => (x === null ? 'n/a' : x.toFixed(digits));
const realTrain = realSetIdentities['real-train'];

/** The legend name of a set: its name, and 'decoded' for a backbone's decoded samples. */
export function setLabel(section: GenotypeSetSection, identities: Identities): string {
  const { name } = getIdentity(identities, section.id);
  return section.kind === 'decoded' ? `${name} (decoded)` : name;
}

/** One point per SNP: real training ALT frequency (x) against the set's (y); r and RMSE in the legend. */
export function createAlleleFrequencyTraces(space: GenotypeSpaceReport, identities: Identities): Partial<Data>[] {
  const diagonal: Partial<Data> = {
    type: 'scatter', mode: 'lines', name: 'y = x', x: [0, 1], y: [0, 1], line: { color: '#bbbbbb', dash: 'dot', width: 1 }, hoverinfo: 'skip', showlegend: false,
  };
  return [diagonal, ...space.sets.map((s): Partial<Data> => ({
    type: 'scatter', mode: 'markers', meta: s.id,
    name: `${setLabel(s, identities)}: r ${fixed(s.alleleFrequency.pearson, 3)}, RMSE ${fixed(s.alleleFrequency.rmse, 3)}, ${s.alleleFrequency.snps} SNPs`,
    x: s.alleleFrequency.real, y: s.alleleFrequency.synthetic,
    marker: { color: getIdentity(identities, s.id).colour, size: 4, opacity: 0.55 },
    hovertemplate: 'real %{x:.3f}, synthetic %{y:.3f}<extra></extra>',
  }))];
}

/**
 * The [w × w] matrix drawn for one set: row a, column b holds the real r² below the diagonal
 * (a > b) and the synthetic r² above it (a < b); the diagonal and undefined pairs are null.
 */
export function ldTriangles(section: GenotypeSetSection): (number | null)[][] {
  const w = section.ld.region.snps;
  return Array.from({ length: w }, (_, a) => Array.from({ length: w }, (_, b) => (a === b ? null : a > b ? section.ld.real[a * w + b] : section.ld.synthetic[a * w + b])));
}

export function createLdHeatmapTrace(section: GenotypeSetSection): Partial<Data> {
  return {
    // Light for no LD, dark red for full LD (a blank cell: a monomorphic SNP).
    type: 'heatmap', meta: section.id, z: ldTriangles(section), zmin: 0, zmax: 1, colorscale: [[0, '#f2f2f2'], [0.3, '#f4a582'], [0.6, '#d6604d'], [1, '#67001f']],
    colorbar: { title: { text: 'r²' }, thickness: 12 }, hoverongaps: false,
    hovertemplate: 'SNP %{y} × SNP %{x}: r² %{z:.3f}<extra></extra>',
  } as Partial<Data>;
}

/** Mean r² per distance bin: each set solid in its colour, the real training split dotted in grey beside it. */
export function createLdDecayTraces(space: GenotypeSpaceReport, identities: Identities): Partial<Data>[] {
  const line = (s: GenotypeSetSection, origin: 'real' | 'synthetic'): Partial<Data> => {
    // Up to the last bin holding a pair (the window may span less than the bins do).
    const all = s.ld.decay[origin];
    const last = all.reduce((at, b, k) => (b.pairs > 0 ? k : at), -1);
    const bins = all.slice(0, last + 1);
    return {
      type: 'scatter', mode: 'lines+markers', meta: s.id, legendgroup: s.id,
      name: origin === 'real' ? `${realTrain.name} (${setLabel(s, identities)}'s SNPs)` : setLabel(s, identities),
      x: bins.map((b) => (b.lowerBp + b.upperBp) / 2 / 1000), y: bins.map((b) => b.meanR2),
      line: origin === 'real' ? { color: realTrain.colour, dash: 'dot', width: 1.5 } : { color: getIdentity(identities, s.id).colour, width: 2 },
      marker: { size: 4 }, hovertemplate: `%{x:.1f} kb: mean r² %{y:.3f}<extra>${origin}</extra>`,
    };
  };
  return space.sets.flatMap((s) => [line(s, 'real'), line(s, 'synthetic')]);
}

/** A box drawn from a summary's quartiles, whiskers at the 5th and 95th percentiles, the mean dashed. */
function summaryBox(name: string, meta: string, colour: string, x: string, d: DistributionSummary, offsetgroup: string): Partial<Data> {
  return {
    type: 'box', name, meta, legendgroup: meta, offsetgroup, x: [x], q1: [d.q25], median: [d.median], q3: [d.q75], lowerfence: [d.q05], upperfence: [d.q95],
    mean: [d.mean], boxmean: true, marker: { color: colour }, line: { color: colour }, hoverinfo: 'y',
  } as Partial<Data>;
}

/** Per-sample heterozygosity (or ALT allele count) of the real training split and each set, as boxes. */
export function createSampleStatTraces(space: GenotypeSpaceReport, identities: Identities, stat: 'heterozygosity' | 'altAlleleCount'): Partial<Data>[] {
  return space.sets.flatMap((s) => {
    const label = setLabel(s, identities);
    return [
      { ...summaryBox(realTrain.name, 'real-train', realTrain.colour, label, s[stat].real, 'real'), showlegend: false },
      summaryBox(label, s.id, getIdentity(identities, s.id).colour, label, s[stat].synthetic, 'synthetic'),
    ];
  });
}

/** Manhattan distances within real, within each set and between, as boxes of the measured quantiles (5, 25, 50, 75, 95 %). */
export function createDistanceTraces(space: GenotypeSpaceReport, identities: Identities): Partial<Data>[] {
  return space.sets.flatMap((s) => {
    const label = setLabel(s, identities);
    const colour = getIdentity(identities, s.id).colour;
    const box = (which: 'withinReal' | 'withinSynthetic' | 'between', name: string, c: string, opacity: number): Partial<Data> => {
      const d = s.distances[which];
      const [q05, q25, median, q75, q95] = d.quantiles;
      return {
        type: 'box', name, meta: s.id, legendgroup: name, showlegend: false, x: [label], q1: [q25], median: [median], q3: [q75], lowerfence: [q05], upperfence: [q95],
        mean: [d.mean], boxmean: true, marker: { color: c }, line: { color: c }, opacity, offsetgroup: which, hoverinfo: 'y',
      } as Partial<Data>;
    };
    return [box('withinReal', `within ${realTrain.name}`, realTrain.colour, 1), box('withinSynthetic', `within ${label}`, colour, 1), box('between', `${realTrain.name} ↔ ${label}`, colour, 0.5)];
  });
}

/**
 * PC1 × PC2 of the real training split's PCA on one set's SNPs (an import may call fewer, so each
 * set has its own axes): the real scores, then the set projected onto them; W₁ per PC in the legend.
 */
export function createPcaTraces(section: GenotypeSetSection, identities: Identities): Partial<Data>[] {
  if (section.pca.components < 2) return [];
  const points = (name: string, meta: string, colour: string, pcs: number[][], opacity: number): Partial<Data> => ({
    type: 'scatter', mode: 'markers', name, meta, x: pcs[0], y: pcs[1], marker: { color: colour, size: 5, opacity },
    hovertemplate: `${name}: PC1 %{x:.2f}, PC2 %{y:.2f}<extra></extra>`,
  });
  const [w1, w2] = section.pca.wasserstein;
  return [
    points(realTrain.name, 'real-train', realTrain.colour, section.pca.real, 0.35),
    points(`${setLabel(section, identities)}: W₁ PC1 ${w1.toFixed(2)}, PC2 ${w2.toFixed(2)}`, section.id, getIdentity(identities, section.id).colour, section.pca.synthetic, 0.75),
  ];
}
