// The way in for genotype files or a dataset bundle: a picker (several files at once) and a drop
// area. Files are read in this browser by the data worker; nothing is uploaded.
import { useState, type ChangeEvent, type DragEvent } from 'react';
import { loadPickedFiles } from '../../effects/dataJobs';

export function FileDrop({ busy }: { busy: boolean }) {
  const [isOver, setOver] = useState(false);
  const onDragOver = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    void loadPickedFiles(Array.from(e.dataTransfer.files));
  };
  const onPick = (e: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(e.target.files ?? []);
    // Cleared so that picking the same files again loads them again.
    e.target.value = '';
    void loadPickedFiles(files);
  };
  return (
    <div className={`dropzone${isOver ? ' dropzone-over' : ''}`} data-testid="data-dropzone"
      onDragOver={onDragOver} onDragLeave={() => setOver(false)} onDrop={onDrop}>
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
