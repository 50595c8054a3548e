// One row per backbone: waiting, generating (its own bar, ETA and Cancel), or what its current
// set holds (its version) with the earlier versions kept in this tab, each of which can be made
// current again, and the exports of the current set.
import { progressFraction } from '../../../engines/progress';
import { cancelGeneration, chooseSetVersion } from '../../effects/generation';
import { formatCount, formatDuration } from '../../format';
import { EARLIER_VERSIONS_BYTES, EARLIER_VERSIONS_KEPT } from '../../sampleSets';
import { getLoadedBackbones, useWorkbench, versionOf, type BackboneId, type GenerationSummary, type WorkbenchState } from '../../store';
import { ProgressBar } from '../../components/ProgressBar';
import { ExportSyntheticButtons } from './ExportSyntheticButtons';

interface RunRow {
  id: BackboneId;
  name: string;
  state: 'running' | 'queued' | 'generated' | 'none';
  summary: GenerationSummary | null;
  earlier: GenerationSummary[];
}

function listRows(state: WorkbenchState): RunRow[] {
  const loaded = getLoadedBackbones(state).map((b) => ({ id: b.id, name: b.name }));
  const unloadedWithSets = (Object.keys(state.syntheticSets) as BackboneId[])
    .filter((id) => !loaded.some((b) => b.id === id))
    .map((id) => ({ id, name: state.syntheticSets[id]?.fileName ?? id }));
  const running = state.generation.status === 'running' ? state.generation.backboneId : null;
  return [...loaded, ...unloadedWithSets].map(({ id, name }) => ({
    id, name, summary: state.syntheticSets[id] ?? null, earlier: state.earlierSets[id] ?? [],
    state: id === running ? 'running' : state.generationQueue.includes(id) ? 'queued' : state.syntheticSets[id] ? 'generated' : 'none',
  }));
}

function RunningCell() {
  const generation = useWorkbench((s) => s.generation);
  const progress = generation.status === 'running' ? generation.progress : null;
  const fraction = progress ? progressFraction(progress) : 0;
  const steps = progress?.status === 'progress' ? progress : null;
  return (
    <div className="run-row-progress">
      <ProgressBar fraction={fraction} small />
      <span className="muted numeric">
        {steps ? `step ${steps.stepsDone}/${steps.stepsTotal} · ETA ${steps.etaMs === null ? '—' : formatDuration(steps.etaMs)}` : 'starting…'}
      </span>
    </div>
  );
}

function describe(summary: GenerationSummary): string {
  const sampler = summary.backboneKind === 'gan-generator' ? 'GAN'
    : summary.request.sampler === 'ddim' ? `DDIM ${summary.request.steps}, η ${summary.request.eta ?? 0}` : 'DDPM';
  const classes = summary.classCounts ? ` · classes ${summary.classCounts.join('/')}` : '';
  return `v${versionOf(summary)} · ${formatCount(summary.count)} samples · ${sampler} · seed ${summary.request.seed}${classes} · ${formatDuration(summary.elapsedMs)} on ${summary.executionProvider}`;
}

/** The earlier versions of one backbone's set, newest first, each with Use. */
function EarlierVersions({ row, busy }: { row: RunRow; busy: boolean }) {
  if (row.earlier.length === 0) return null;
  return (
    <details className="set-versions" data-testid={`set-versions-${row.id}`}>
      <summary>{row.earlier.length} earlier {row.earlier.length === 1 ? 'version' : 'versions'} kept in this tab</summary>
      <ul>
        {row.earlier.map((s) => (
          <li key={versionOf(s)} data-version={versionOf(s)}>
            <span>{describe(s)}</span>{' '}
            <button type="button" className="button-small" disabled={busy} onClick={() => chooseSetVersion(row.id, versionOf(s))}
              title="Make this version the current set: the comparison and the exports use it">
              Use v{versionOf(s)}
            </button>
          </li>
        ))}
      </ul>
      <p className="muted">The last {EARLIER_VERSIONS_KEPT} per backbone while they fit in {EARLIER_VERSIONS_BYTES / 2 ** 20} MiB; not saved with the session.</p>
    </details>
  );
}

export function GenerationRuns() {
  // The rows read several slices (and the loaded list); the table is small, so it follows the whole state.
  const rows = listRows(useWorkbench((s) => s));
  if (rows.length === 0) return null;
  return (
    <table className="run-table" data-testid="generation-runs">
      <caption className="visually-hidden">Generation per backbone</caption>
      <thead><tr><th>Backbone</th><th>Status</th><th>Export synthetic set</th></tr></thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-testid={`generation-run-${row.id}`} data-state={row.state}>
            <td><code>{row.name}</code></td>
            <td>
              {row.state === 'running' && <RunningCell />}
              {row.state === 'queued' && <span className="muted">waiting for its turn</span>}
              {row.state !== 'running' && row.state !== 'queued' && (
                <span className={row.summary ? undefined : 'muted'} data-testid={`set-current-${row.id}`}>{row.summary ? describe(row.summary) : 'not generated'}</span>
              )}
              <EarlierVersions row={row} busy={row.state === 'running'} />
            </td>
            <td className="run-row-actions">
              {(row.state === 'running' || row.state === 'queued') ? (
                <button type="button" onClick={() => cancelGeneration(row.id)} data-testid={`generation-cancel-${row.id}`}>Cancel</button>
              ) : row.summary ? <ExportSyntheticButtons backboneId={row.id} /> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
