// Today the data is the demo target the built-in backbone represents; genotype files come later.
import type { GaussianDemoTarget } from '../../../core/sim/gaussianBackboneDemo';
import { Panel } from '../../components/Panel';
import { formatFixed } from '../../format';
import { useWorkbench } from '../../store';

function range(values: number[], count: number): string {
  const real = values.slice(0, count);
  return `${formatFixed(Math.min(...real), 2)} to ${formatFixed(Math.max(...real), 2)}`;
}

function TargetFacts({ target }: { target: GaussianDemoTarget }) {
  const { genes, channels, realGenes, mean, variance, schedule } = target;
  const realSlots = realGenes * channels;
  const padded = genes - realGenes;
  return (
    <dl className="facts" data-testid="data-target">
      <dt>Gene slots × components</dt>
      <dd data-testid="data-shape">{genes} × {channels}</dd>
      <dt>Real genes</dt>
      <dd data-testid="data-real-genes">{realGenes} ({realSlots} slots)</dd>
      <dt>Padded genes</dt>
      <dd>{padded} ({padded * channels} slots, held at exactly 0)</dd>
      <dt>Target means μ</dt>
      <dd>{range(mean, realSlots)}</dd>
      <dt>Target variances σ²</dt>
      <dd>{range(variance, realSlots)}</dd>
      <dt>Noise schedule</dt>
      <dd>{schedule.kind}, T = {schedule.timesteps}
        {schedule.kind === 'linear' && <>, β {schedule.betaStart} → {schedule.betaEnd}</>}</dd>
    </dl>
  );
}

export function DataPanel() {
  const target = useWorkbench((s) => s.demoTarget);
  return (
    <Panel name="data" title="Data" subtitle="The demo target the built-in backbone represents">
      <p>
        Each real slot (gene <i>g</i>, component <i>c</i>) of the demo is an independent Gaussian
        N(μ<sub>gc</sub>, σ²<sub>gc</sub>). Its optimal denoiser is known in closed form, so generated samples
        can be checked against the exact answer.
      </p>
      {target ? <TargetFacts target={target} /> : <p className="muted">Loading gaussian-demo.json…</p>}
      <p className="note" data-testid="data-later-note">
        Loading your own genotype files (VCF, PLINK) and encoding them per gene comes in a later version.
        They will be read in this browser and never leave the machine.
      </p>
    </Panel>
  );
}
