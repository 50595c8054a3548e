// The way in for genotype files or a dataset bundle: a picker (several files at once) and a drop
// area. Files are read in this browser by the data worker; nothing is uploaded.
import { useFileDrop } from '../../components/useFileDrop';
import { loadPickedFiles } from '../../effects/dataJobs';

export function FileDrop({ busy }: { busy: boolean }) {
  const { isOver, dropProps, onPick } = useFileDrop((files) => void loadPickedFiles(files));
  return (
    <div className={`dropzone${isOver ? ' dropzone-over' : ''}`} data-testid="data-dropzone" {...dropProps}>
      <div className="dropzone-line">
        <strong>Drop files here</strong>
        <span className="muted">or</span>
        <label className={`button-file${busy ? ' button-file-disabled' : ''}`}>
          Choose files…
          <input type="file" multiple className="visually-hidden" onChange={onPick} disabled={busy} data-testid="data-file-input" />
        </label>
      </div>
      <p className="dropzone-hint">
        A <code>.vcf</code> / <code>.vcf.gz</code>, or a PLINK <code>.bed</code> + <code>.bim</code> + <code>.fam</code>;
        optional labels (CSV/TSV) and a gene map (BED/GTF/GFF). Or a dataset bundle <code>.zip</code> alone (exported here or
        by <code>gdw encode</code>). Read here; nothing is uploaded.
      </p>
    </div>
  );
}
