// Download one backbone's synthetic set: a dataset bundle, or genotypes decoded through the loaded
// encoding's codec as VCF or PLINK (each a zip). Off while the data worker runs a job or nothing is encoded.
import type { SyntheticExportFormat } from '../../../engines/data';
import { exportSyntheticSet } from '../../effects/syntheticExport';
import { useWorkbench, type BackboneId } from '../../store';

const exports: { format: SyntheticExportFormat; label: string; title: string }[] = [
  { format: 'bundle', label: 'Bundle', title: 'Dataset bundle zip (tensor, labels, codec): loads back into the Data panel' },
  { format: 'vcf', label: 'VCF', title: 'Genotypes decoded with the codec, as VCF with labels and gene map (zip)' },
  { format: 'plink', label: 'PLINK', title: 'Genotypes decoded with the codec, as PLINK .bed/.bim/.fam with labels and gene map (zip)' },
];

export function ExportSyntheticButtons({ backboneId }: { backboneId: BackboneId }) {
  const busy = useWorkbench((s) => s.dataJob.status === 'running');
  const encoded = useWorkbench((s) => s.encoding !== null);
  return (
    <span className="export-synthetic" role="group" aria-label={`Export the synthetic samples of ${backboneId}`}>
      {exports.map(({ format, label, title }) => (
        <button
          key={format}
          type="button"
          className="button-small"
          data-testid={`export-synthetic-${format}-${backboneId}`}
          disabled={busy || !encoded}
          title={encoded ? title : 'Load or encode a dataset first: its codec decodes the samples'}
          onClick={() => void exportSyntheticSet(backboneId, format)}
        >
          {label}
        </button>
      ))}
    </span>
  );
}
