// The target the built-in demo backbone represents: each real slot (gene g, component c) is an
// independent Gaussian N(μ_gc, σ²_gc) whose optimal denoiser is known in closed form.
import type { GaussianDemoTarget } from '../../../core/sim/gaussianBackboneDemo';
import { formatFixed } from '../../format';

function range(values: number[], count: number): string {
  const real = values.slice(0, count);
  return `${formatFixed(Math.min(...real), 2)} to ${formatFixed(Math.max(...real), 2)}`;
}

export function DemoTargetFacts({ target }: { target: GaussianDemoTarget | null }) {
  if (!target) return <p className="muted">Loading gaussian-demo.json…</p>;
  const { genes, channels, realGenes, mean, variance } = target;
  const realSlots = realGenes * channels;
  const padded = genes - realGenes;
  return (
    <div className="demo-target" data-testid="backbone-target">
      <h4>What it generates</h4>
      <p>
        Each real slot (gene <i>g</i>, component <i>c</i>) is an independent Gaussian
        N(μ<sub>gc</sub>, σ²<sub>gc</sub>). Its optimal denoiser is known in closed form, so generated samples
        can be checked against the exact answer.
      </p>
      <dl className="facts">
        <dt>Gene slots × components</dt>
        <dd data-testid="backbone-target-shape">{genes} × {channels}</dd>
        <dt>Real genes</dt>
        <dd data-testid="backbone-target-real-genes">{realGenes} ({realSlots} slots)</dd>
        <dt>Padded genes</dt>
        <dd>{padded} ({padded * channels} slots, held at exactly 0)</dd>
        <dt>Target means μ</dt>
        <dd>{range(mean, realSlots)}</dd>
        <dt>Target variances σ²</dt>
        <dd>{range(variance, realSlots)}</dd>
      </dl>
    </div>
  );
}
