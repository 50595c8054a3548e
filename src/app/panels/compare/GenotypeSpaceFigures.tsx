// The genotype-space figures of an evaluation (issue 12): allele frequencies, LD triangles and LD
// decay, heterozygosity and allele counts, distance distributions and the PCA projection, each
// with its n and settings in the caption, exportable from its modebar and taken by the HTML report.
import { useMemo, type ReactNode } from 'react';
import type { Data, Layout } from 'plotly.js-dist-min';
import type { GenotypeSetSection, GenotypeSpaceReport } from '../../../core/genospace/section';
import type { Identities } from '../../identity';
import {
  createAlleleFrequencyTraces, createDistanceTraces, createLdDecayTraces, createLdHeatmapTrace, createPcaTraces, createSampleStatTraces, setLabel,
} from '../../plots/genotypeSpaceTraces';
import { useLegendChoices } from '../../plots/legendVisibility';
import { Plot } from '../../plots/Plot';

const font = { family: 'system-ui, sans-serif', size: 11 };
const count = (n: number) => n.toLocaleString('en-US');

interface FigureProps {
  testId: string;
  title: string;
  caption: string;
  filename: string;
  data: Partial<Data>[];
  layout: Partial<Layout>;
  children?: ReactNode;
}

function GenotypeFigure({ testId, title, caption, filename, data: traces, layout }: FigureProps) {
  const { data, onLegendClick, onLegendDoubleClick } = useLegendChoices(traces);
  return (
    <figure className="report-figure" data-testid={testId} data-report-figure={testId} data-figure-title={title} data-figure-caption={caption}>
      <Plot filename={filename} data={data} useResizeHandler style={{ width: '100%' }}
        layout={{ autosize: true, height: 340, margin: { l: 60, r: 20, t: 10, b: 50 }, font, legend: { orientation: 'h', y: -0.3 }, uirevision: testId, ...layout }}
        onLegendClick={onLegendClick} onLegendDoubleClick={onLegendDoubleClick} />
      <figcaption className="figure-caption">{caption}</figcaption>
    </figure>
  );
}

/** n per set, as every caption gives it. */
const setsText = (space: GenotypeSpaceReport, identities: Identities) => space.sets.map((s) => (
  `${setLabel(s, identities)}: n ${count(s.samples.synthetic.n)} of ${count(s.samples.synthetic.of)}, ${count(s.snps.compared)} SNPs, real train n ${count(s.samples.train.n)}`
)).join('; ');

function LdFigure({ section, space, identities }: { section: GenotypeSetSection; space: GenotypeSpaceReport; identities: Identities }) {
  const data = useMemo(() => [createLdHeatmapTrace(section)], [section]);
  const { region } = section.ld;
  const label = setLabel(section, identities);
  return (
    <GenotypeFigure testId={`genospace-ld-${section.id}`} filename={`gdw-ld-${section.id}`} title={`LD r²: real vs ${label}`} data={data}
      caption={`Genotype r² of ${region.snps} consecutive SNPs (chromosome ${region.chrom}, ${count(region.fromBp)}–${count(region.toBp)} bp; window from SNP ${space.settings.ldStart}): `
        + `real training split (n ${count(section.samples.train.n)}) below the diagonal, ${label} (n ${count(section.samples.synthetic.n)}) above; blank where a SNP is monomorphic. `
        + `Mean |Δr²| ${section.ld.meanAbsDifference === null ? 'n/a' : section.ld.meanAbsDifference.toFixed(3)}.`}
      layout={{
        height: 380, plot_bgcolor: '#ffffff',
        xaxis: { title: { text: 'SNP (synthetic r² above the diagonal)' }, range: [-0.5, region.snps - 0.5], constrain: 'domain', showgrid: false },
        yaxis: { title: { text: 'SNP (real r² below)' }, range: [region.snps - 0.5, -0.5], scaleanchor: 'x', constrain: 'domain', showgrid: false },
      }} />
  );
}

function PcaFigure({ section, space, identities }: { section: GenotypeSetSection; space: GenotypeSpaceReport; identities: Identities }) {
  const data = useMemo(() => createPcaTraces(section, identities), [section, identities]);
  const label = setLabel(section, identities);
  const [r1, r2] = section.pca.explainedRatio;
  return (
    <GenotypeFigure testId={`genospace-pca-${section.id}`} filename={`gdw-pca-${section.id}`} title={`PCA: ${label} projected on the real PCs`} data={data}
      caption={`PCA fitted on the real training split (n ${count(section.samples.train.n)}, ${count(section.snps.compared)} SNPs, ${space.settings.pcaComponents} PCs fitted, `
        + `mean-imputed), ${label} (n ${count(section.samples.synthetic.n)}) projected on its axes; W₁: Wasserstein-1 between the real and projected scores per PC.`}
      layout={{ xaxis: { title: { text: `PC1 (${((r1 ?? 0) * 100).toFixed(1)} %)` } }, yaxis: { title: { text: `PC2 (${((r2 ?? 0) * 100).toFixed(1)} %)` } } }} />
  );
}

export function GenotypeSpaceFigures({ space, identities }: { space: GenotypeSpaceReport; identities: Identities }) {
  const af = useMemo(() => createAlleleFrequencyTraces(space, identities), [space, identities]);
  const decay = useMemo(() => createLdDecayTraces(space, identities), [space, identities]);
  const het = useMemo(() => createSampleStatTraces(space, identities, 'heterozygosity'), [space, identities]);
  const alt = useMemo(() => createSampleStatTraces(space, identities, 'altAlleleCount'), [space, identities]);
  const distances = useMemo(() => createDistanceTraces(space, identities), [space, identities]);
  const n = setsText(space, identities);
  const st = space.settings;
  const boxes = 'Boxes: quartiles and median, whiskers at the 5th and 95th percentiles, the mean dashed; grey: the real training split on the same SNPs.';
  return (
    <section className="genotype-space" data-testid="genospace-figures" aria-labelledby="genospace-title">
      <h3 id="genospace-title">Genotype space <span className="muted">imported sets as read, backbones' samples decoded through the codec</span></h3>
      <div className="genotype-space-figures">
        <GenotypeFigure testId="genospace-af" filename="gdw-allele-frequencies" title="Allele frequencies, synthetic vs real" data={af}
          caption={`ALT allele frequency per SNP, real training split (x) against each set (y), over the calls present; Pearson r and RMSE in the legend. ${n}. Seed ${st.seed}.`}
          layout={{ xaxis: { title: { text: 'real ALT frequency' }, range: [0, 1] }, yaxis: { title: { text: 'synthetic ALT frequency' }, range: [0, 1] } }} />
        <GenotypeFigure testId="genospace-ld-decay" filename="gdw-ld-decay" title="LD decay" data={decay}
          caption={`Mean genotype r² of the SNP pairs of the LD window (${st.ldWindow} SNPs from SNP ${st.ldStart}) by distance, ${st.ldBins} bins of ${count(st.ldBinBp)} bp, pairs on one chromosome; dotted: the real training split. ${n}.`}
          layout={{
            height: 380, margin: { l: 60, r: 20, t: 10, b: 50 }, legend: { orientation: 'h', y: -0.25, yanchor: 'top', font: { size: 10 } },
            xaxis: { title: { text: 'distance (kb, bin centre)', standoff: 4 } }, yaxis: { title: { text: 'mean r²' }, rangemode: 'tozero' },
          }} />
        <GenotypeFigure testId="genospace-heterozygosity" filename="gdw-heterozygosity" title="Per-sample heterozygosity" data={het}
          caption={`Share of heterozygous calls per sample. ${boxes} ${n}.`}
          layout={{ boxmode: 'group', showlegend: false, xaxis: { automargin: true }, yaxis: { title: { text: 'heterozygosity' } } }} />
        <GenotypeFigure testId="genospace-alt-count" filename="gdw-alt-allele-count" title="Per-sample ALT allele count" data={alt}
          caption={`ALT alleles per sample over the SNPs compared. ${boxes} ${n}.`}
          layout={{ boxmode: 'group', showlegend: false, xaxis: { automargin: true }, yaxis: { title: { text: 'ALT alleles' } } }} />
        <GenotypeFigure testId="genospace-distances" filename="gdw-genotype-distances" title="Pairwise Manhattan distances" data={distances}
          caption={`Manhattan distance Σ|d_a − d_b| over the SNPs both call: within the real training split (grey), within each set, and between real and set (pale); `
            + `at most ${count(st.maxPairs)} seeded pairs each. ${boxes} ${n}.`}
          layout={{ boxmode: 'group', showlegend: false, xaxis: { automargin: true }, yaxis: { title: { text: 'Manhattan distance' } } }} />
        {space.sets.map((s) => <LdFigure key={`ld-${s.id}`} section={s} space={space} identities={identities} />)}
        {space.sets.map((s) => <PcaFigure key={`pca-${s.id}`} section={s} space={space} identities={identities} />)}
      </div>
      <p className="muted">AATS with Manhattan distance against train and holdout, privacy loss and the share closer to train: the genotype-space table below.</p>
    </section>
  );
}
