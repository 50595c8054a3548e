// "Add a synthetic set from a file" (issue 12): a cohort made by another generator (Yelmen et
// al.'s GAN or RBM, a simulator) as VCF, PLINK or .hapt + .legend, matched to the encoding's
// variants and encoded through its codec in the data worker, then evaluated beside the backbones'
// sets, named and coloured like them, with its provenance.
import { useMemo, useRef, useState, type ChangeEvent } from 'react';
import type { HaptOneAllele } from '../../../core/genotype/hapt';
import type { SyntheticImportSummary } from '../../../engines/data';
import { OriginErrors } from '../../components/OriginErrors';
import { importSyntheticFiles, removeSyntheticImport } from '../../effects/syntheticImport';
import { formatBytes, formatCount } from '../../format';
import { useIdentities } from '../../identity';
import { getCurrentSyntheticImports, useWorkbench } from '../../store';

const accept = '.vcf,.gz,.bgz,.bed,.bim,.fam,.hapt,.legend,.npy';

function variantsText(s: SyntheticImportSummary): string {
  const v = s.variants;
  return `${formatCount(v.matched)} of the codec's ${formatCount(v.inCohort)} variants matched (${formatCount(v.flipped)} flipped), `
    + `${formatCount(v.cohortUnmatched)} missing from the file, ${formatCount(v.fileUnmatched)} of its ${formatCount(v.inFile)} not in the codec`;
}

function ImportedSetRow({ set, colour, name, busy }: { set: SyntheticImportSummary; colour: string; name: string; busy: boolean }) {
  return (
    <li className="imported-set" data-testid="synthetic-import-set" data-name={set.name}>
      <span className="swatch" style={{ background: colour }} aria-hidden="true" />
      <strong>{name}</strong> <span className="muted">{set.format}, {formatCount(set.samples)} samples</span>
      <button type="button" className="button-quiet" onClick={() => void removeSyntheticImport(set.name)} disabled={busy}
        data-testid="synthetic-import-remove">Remove</button>
      <div className="muted" data-testid="synthetic-import-variants">{variantsText(set)}
        {set.haptOne ? `; a 1 read as ${set.haptOne === 'major' ? 'the major allele of the real training split' : `the legend's ${set.haptOne}`}` : ''}</div>
      <div className="muted small">
        {set.files.map((f) => <span key={f.name} title={`SHA-256 ${f.sha256}`}>{f.name} ({formatBytes(f.bytes)}, sha256 {f.sha256.slice(0, 12)}…) </span>)}
      </div>
    </li>
  );
}

export function SyntheticImportCard() {
  const imports = useWorkbench((s) => s.syntheticImports);
  const encoding = useWorkbench((s) => s.encoding);
  const sets = useMemo(() => getCurrentSyntheticImports({ syntheticImports: imports, encoding }), [imports, encoding]);
  const { job } = imports;
  const encoded = encoding !== null;
  const comparing = useWorkbench((s) => s.comparisonRun.status === 'running');
  const identities = useIdentities();
  const [name, setName] = useState('');
  const [haptOne, setHaptOne] = useState<HaptOneAllele>('a1');
  const input = useRef<HTMLInputElement>(null);
  const busy = job !== null || comparing;
  const onFiles = (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    e.target.value = '';
    void importSyntheticFiles(name, files, haptOne).then(() => setName(''));
  };
  return (
    <section className="synthetic-import-card" data-testid="synthetic-import-card" aria-labelledby="synthetic-import-title">
      <h3 id="synthetic-import-title">
        Synthetic sets from files <span className="muted">other generators' cohorts beside the backbones</span>
      </h3>
      <p className="muted">
        A VCF (.vcf, .vcf.gz), a PLINK .bed with its .bim and .fam, Yelmen et al.'s .hapt with its .legend (choose the files of one set
        together), or a tensor .npy [N, G, C] already in this encoding (float32 or float64). Variants are matched to the encoding by chromosome,
        position and alleles (swapped alleles flipped), encoded through its codec and evaluated like a backbone's set; the genotype-space figures
        use the genotypes as read (a tensor's decoded, as a backbone's).
      </p>
      <div className="evaluate-form">
        <label className="field">
          <span className="field-label">Name</span>
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="from the file" disabled={busy} data-testid="synthetic-import-name" />
        </label>
        <label className="field">
          <span className="field-label">.hapt: a 1 is</span>
          <select value={haptOne} onChange={(e) => setHaptOne(e.target.value as HaptOneAllele)} disabled={busy} data-testid="synthetic-import-hapt-one">
            <option value="a1">the legend's a1 (IMPUTE2)</option>
            <option value="a0">the legend's a0</option>
            <option value="major">the major allele of the real training split</option>
          </select>
        </label>
      </div>
      <div className="button-row">
        <button type="button" onClick={() => input.current?.click()} disabled={busy || !encoded} data-testid="synthetic-import-add">
          Add a synthetic set from files…
        </button>
        <input ref={input} type="file" multiple accept={accept} hidden onChange={onFiles} data-testid="synthetic-import-files" />
        {!encoded && <span className="muted">Encode a cohort in the Data panel first.</span>}
        {job && <span className="muted" data-testid="synthetic-import-running">Importing {job.label}…</span>}
      </div>
      <OriginErrors origin="synthetic-import" testId="synthetic-import-errors" />
      {sets.length > 0 && (
        <ul className="imported-sets" data-testid="synthetic-import-list">
          {sets.map((s) => {
            const identity = identities.get(s.name);
            return <ImportedSetRow key={s.name} set={s} name={identity?.name ?? s.name} colour={identity?.colour ?? '#777777'} busy={busy} />;
          })}
        </ul>
      )}
    </section>
  );
}
