// The Data panel: genotype files or a dataset bundle in (picker or drop), the load report, the
// encoding settings and what the encode produced (or what the bundle carries). The cohort and its
// tensor live in the data worker.
import type { EncodingSummary, LoadSummary } from '../../../engines/data';
import { OriginErrors } from '../../components/OriginErrors';
import { Panel } from '../../components/Panel';
import { formatDuration } from '../../format';
import { useWorkbench } from '../../store';
import { BuiltInDemos } from './BuiltInDemos';
import { BundleReportView } from './BundleReportView';
import { DataJobProgress } from './DataJobProgress';
import { DroppedFiles } from './DroppedFiles';
import { EncodeForm } from './EncodeForm';
import { EncodeSummaryView } from './EncodeSummaryView';
import { FileDrop } from './FileDrop';
import { LoadReportView } from './LoadReportView';

function encodeBlocker(cohort: LoadSummary | null): string | null {
  if (!cohort) return 'Load a cohort first.';
  if (cohort.source === 'bundle') return 'A bundle is already encoded and holds no genotypes: load the VCF or PLINK files to re-encode.';
  if (!cohort.hasGeneMap) return 'Load a gene map (BED/GTF/GFF) with the genotypes to encode per gene.';
  return null;
}

function loadedLine(cohort: LoadSummary | null): string {
  if (!cohort) return 'Nothing loaded yet';
  const file = cohort.source === 'bundle' ? cohort.bundleFile : cohort.genotypeFile;
  return `Loaded ${file} in ${formatDuration(cohort.loadMs)}`;
}

function encodedLine(encoding: EncodingSummary | null): string {
  if (!encoding) return 'Not encoded yet';
  return encoding.source === 'bundle' ? `Encoding read from ${encoding.bundleFile}` : `Encoded in ${formatDuration(encoding.elapsedMs)}`;
}

export function DataPanel() {
  const dataFiles = useWorkbench((s) => s.dataFiles);
  const job = useWorkbench((s) => s.dataJob);
  const cohort = useWorkbench((s) => s.cohort);
  const encoding = useWorkbench((s) => s.encoding);
  const busy = job.status === 'running';
  const blocker = encodeBlocker(cohort);
  const isBundle = cohort?.source === 'bundle';
  return (
    <Panel name="data" title="Data" subtitle="Genotype files read in this browser, encoded per gene (PCA)">
      <div className="data-layout">
        <section className="data-column" aria-label="Load">
          <FileDrop busy={busy} />
          <BuiltInDemos busy={busy} />
          <DroppedFiles plan={dataFiles} job={job} />
          <DataJobProgress job={job} kinds={['load']} name="load" resting={loadedLine(cohort)} hasResult={cohort !== null} />
          <OriginErrors origin="data-load" testId="data-load-errors" />
          {cohort?.source === 'bundle' ? <BundleReportView bundle={cohort} />
            : cohort ? <LoadReportView cohort={cohort} />
              : <p className="muted placeholder">{busy ? 'Reading the files…' : 'No cohort loaded: drop files above.'}</p>}
        </section>
        <section className="data-column" aria-label="Encode">
          <EncodeForm busy={busy} locked={isBundle} canEncode={blocker === null} blocker={blocker}
            defaultGeneSlots={cohort?.source === 'genotypes' ? cohort.defaultGeneSlots : null} />
          <DataJobProgress job={job} kinds={['encode', 'export']} name="encode" resting={encodedLine(encoding)} hasResult={encoding !== null} />
          <OriginErrors origin="data-encode" testId="data-encode-errors" />
          {encoding && cohort ? (
            <EncodeSummaryView summary={encoding} samples={cohort.source === 'bundle' ? cohort.samples : cohort.report.samples} busy={busy} />
          ) : <p className="muted placeholder" data-testid="encode-empty">Encode the loaded cohort to see its gene tensor.</p>}
        </section>
      </div>
    </Panel>
  );
}
