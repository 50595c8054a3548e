// The Gaussian demo's moment check: its samples against the target it represents, slot by slot,
// and against the exact law the chosen sampler gives (DDIM with few steps shrinks σ²).
import { formatDuration } from '../../format';
import { useWorkbench, type GenerationReport } from '../../store';
import { MomentsFigure } from './MomentsFigure';
import { MomentsTable } from './MomentsTable';

function describeRun(report: GenerationReport): string {
  const { request } = report;
  const sampler = request.sampler === 'ddim' ? `DDIM, ${request.steps} steps, η = ${request.eta ?? 0}` : 'DDPM, all steps';
  return `${sampler}, seed ${request.seed}; ${formatDuration(report.elapsedMs)} on ${report.executionProvider}`;
}

export function GaussianCheck() {
  const report = useWorkbench((s) => s.report);
  return (
    <section className="gaussian-check" aria-labelledby="gaussian-check-title">
      <h3 id="gaussian-check-title">Sampler check <span className="muted">the Gaussian demo against its exact target</span></h3>
      {report ? (
        <div className="compare-layout">
          <MomentsFigure report={report} />
          <div className="compare-side">
            <p className="run-line" data-testid="compare-run">{describeRun(report)}</p>
            <MomentsTable report={report} />
            <p className="note">
              DDIM with few steps gives a smaller variance than σ² even with a perfect denoiser. The
              “exact for this sampler” column compares with the moments that sampler produces in theory
              (DDIM eq. 12 and 16 of Song et al. 2021), so discretisation is told apart from a broken sampler.
            </p>
          </div>
        </div>
      ) : (
        <p className="muted placeholder" data-testid="compare-empty">Generate from the Gaussian demo backbone to check the sampler against its exact target.</p>
      )}
    </section>
  );
}
