// Generated vs target: today the moments of the Gaussian demo; later the paper's utility,
// fidelity and privacy tables, backbone by backbone.
import { Panel } from '../../components/Panel';
import { formatDuration } from '../../format';
import { useWorkbench, type GenerationReport } from '../../store';
import { ClassifierCard } from './ClassifierCard';
import { MomentsFigure } from './MomentsFigure';
import { MomentsTable } from './MomentsTable';
import { ReportCard } from './ReportCard';

function describeRun(report: GenerationReport): string {
  const { request } = report;
  const sampler = request.sampler === 'ddim' ? `DDIM, ${request.steps} steps, η = ${request.eta ?? 0}` : 'DDPM, all steps';
  return `${sampler}, seed ${request.seed}; ${formatDuration(report.elapsedMs)} on ${report.executionProvider}`;
}

export function ComparePanel() {
  const report = useWorkbench((s) => s.report);
  return (
    <Panel name="compare" title="Compare" subtitle="Generated samples against the target, slot by slot">
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
        <p className="muted placeholder" data-testid="compare-empty">Generate samples to compare them with the target.</p>
      )}
      <ClassifierCard />
      <ReportCard />
    </Panel>
  );
}
