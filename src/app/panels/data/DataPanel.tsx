// The Data panel: genotype files in (picker or drop), the load report, the encoding settings and
// what the encode produced. The cohort and its tensor live in the data worker.
import { Panel } from '../../components/Panel';
import { formatDuration } from '../../format';
import { useWorkbench, type WorkbenchState } from '../../store';
import { DataJobProgress } from './DataJobProgress';
import { DroppedFiles } from './DroppedFiles';
import { EncodeForm } from './EncodeForm';
import { EncodeSummaryView } from './EncodeSummaryView';
import { FileDrop } from './FileDrop';
import { LoadReportView } from './LoadReportView';

function encodeBlocker({ cohort }: Pick<WorkbenchState, 'cohort'>): string | null {
  if (!cohort) return 'Load a cohort first.';
  if (!cohort.hasGeneMap) return 'Load a gene map (BED/GTF/GFF) with the genotypes to encode per gene.';
  return null;
}

export function DataPanel() {
  const dataFiles = useWorkbench((s) => s.dataFiles);
  const job = useWorkbench((s) => s.dataJob);
  const cohort = useWorkbench((s) => s.cohort);
  const encoding = useWorkbench((s) => s.encoding);
  const busy = job.status === 'running';
  const blocker = encodeBlocker({ cohort });
  const loadedLine = cohort ? `Loaded ${cohort.genotypeFile} in ${formatDuration(cohort.loadMs)}` : 'Nothing loaded yet';
  const encodedLine = encoding ? `Encoded in ${formatDuration(encoding.elapsedMs)}` : 'Not encoded yet';
  return (
    <Panel name="data" title="Data" subtitle="Genotype files read in this browser, encoded per gene (PCA)">
      <div className="data-layout">
        <section className="data-column" aria-label="Load">
          <FileDrop busy={busy} />
          <DroppedFiles plan={dataFiles} job={job} />
          <DataJobProgress job={job} kinds={['load']} name="load" resting={loadedLine} hasResult={cohort !== null} />
          {cohort ? <LoadReportView cohort={cohort} />
            : <p className="muted placeholder">{busy ? 'Reading the files…' : 'No cohort loaded: drop files above.'}</p>}
        </section>
        <section className="data-column" aria-label="Encode">
          <EncodeForm busy={busy} canEncode={blocker === null} defaultGeneSlots={cohort?.defaultGeneSlots ?? null} blocker={blocker} />
          <DataJobProgress job={job} kinds={['encode', 'export']} name="encode" resting={encodedLine} hasResult={encoding !== null} />
          {encoding && cohort ? <EncodeSummaryView summary={encoding} samples={cohort.report.samples} busy={busy} />
            : <p className="muted placeholder" data-testid="encode-empty">Encode the loaded cohort to see its gene tensor.</p>}
        </section>
      </div>
    </Panel>
  );
}
