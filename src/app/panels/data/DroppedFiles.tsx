// The files of the last load and the role each was given (sniffed from its first bytes), what is
// missing, and whether they became the loaded cohort.
import type { CohortFilePlan, FileRole } from '../../../engines/data';
import { formatBytes } from '../../format';
import type { DataJobState } from '../../store';

const roleNames: Record<FileRole, string> = {
  vcf: 'VCF genotypes',
  'plink-bed': 'PLINK .bed genotypes',
  'plink-bim': 'PLINK .bim variants',
  'plink-fam': 'PLINK .fam samples',
  phenotype: 'labels',
  'gene-map': 'gene map',
  bundle: 'dataset bundle',
  unknown: 'not used',
};

function outcome(job: DataJobState): { text: string; tone: string } | null {
  if (job.status === 'idle' || job.kind !== 'load') return null;
  switch (job.status) {
    case 'running':
      return { text: 'loading…', tone: 'pending' };
    case 'done':
      return { text: 'loaded', tone: 'ok' };
    case 'cancelled':
      return { text: 'not loaded: cancelled', tone: 'warn' };
    case 'failed':
      return { text: 'not loaded: see the error above', tone: 'error' };
  }
}

export function DroppedFiles({ plan, job }: { plan: CohortFilePlan | null; job: DataJobState }) {
  if (!plan) return null;
  const state = outcome(job);
  return (
    <div className="dropped" data-testid="data-files">
      <table className="table">
        <caption>
          Files {state && <span className={`chip chip-${state.tone}`} data-testid="data-files-status">{state.text}</span>}
        </caption>
        <thead>
          <tr><th scope="col">file</th><th scope="col">size</th><th scope="col">role</th><th scope="col">identified by</th></tr>
        </thead>
        <tbody>
          {plan.files.map((file, i) => (
            <tr key={`${i}-${file.name}`} data-testid="data-file-row" data-role={file.role}>
              <td className="file-cell"><code>{file.name}</code></td>
              <td className="nowrap">{formatBytes(file.sizeBytes)}</td>
              <td><span className={`role role-${file.role}`}>{roleNames[file.role]}</span></td>
              <td className="muted">{file.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {(plan.missing.length > 0 || plan.problems.length > 0) && (
        <ul className="missing-list" data-testid="data-missing">
          {plan.problems.map((p) => <li key={p} className="missing-required">{p}</li>)}
          {plan.missing.map((m) => (
            <li key={m.what} className={m.required ? 'missing-required' : 'muted'}>
              {m.required ? 'Missing: ' : 'Not given: '}{m.what}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
