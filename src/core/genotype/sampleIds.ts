// Matches genotype samples to the ids of a label file. PLINK renames samples on the way through:
// `plink --recode vcf` writes FID_IID, and a fileset imported with `--double-id` has FID = IID,
// so its VCF export says IID_IID. Each sample tries, in order: its exact id, FID_IID ↔ IID
// (FID ≠ IID), then IID_IID ↔ IID. A label id claimed by two samples (or two label ids by one
// sample) is refused: a silent pick would give someone another person's label.
import { ParseError } from '../errors';
import { formatCount, quote } from './lines';

/** How a sample id was found in the label file. */
export const sampleIdRules = {
  /** The same string on both sides. */
  exact: 'exact',
  /** FID_IID on one side, IID (with that FID, when the side knows it) on the other. */
  fidIid: 'fidIid',
  /** IID_IID on one side, IID on the other: PLINK's `--double-id` import exported again. */
  doubleId: 'doubleId',
} as const;

export type SampleIdRule = (typeof sampleIdRules)[keyof typeof sampleIdRules];

/** Ids of one side; familyIds when that side has a FID column (a .fam, a FID IID label file). */
export interface SampleIdList {
  ids: string[];
  familyIds?: string[];
}

export interface SampleIdMatch {
  /** Row of the label file for each sample, -1 when none. */
  rowOfSample: Int32Array;
  /** Samples matched by each rule. */
  counts: Record<SampleIdRule, number>;
}

/** Two genotype samples claim one label id, or one sample two label ids. */
export class AmbiguousSampleIdError extends ParseError {
  constructor(message: string, file: string) {
    super(message, { file });
    this.name = 'AmbiguousSampleIdError';
  }
}

const ruleOrder: SampleIdRule[] = [sampleIdRules.exact, sampleIdRules.fidIid, sampleIdRules.doubleId];

/** Every (FID, IID) split of an id at an underscore. */
function splits(id: string): [string, string][] {
  const out: [string, string][] = [];
  for (let at = id.indexOf('_'); at > 0 && at < id.length - 1; at = id.indexOf('_', at + 1)) out.push([id.slice(0, at), id.slice(at + 1)]);
  return out;
}

/** Keys under which the label rows can be found: row ids, and FID_IID where the file has FIDs. */
function indexRows(rows: SampleIdList): { byId: Map<string, number>; byFidIid: Map<string, number> } {
  const byId = new Map(rows.ids.map((id, row) => [id, row]));
  const byFidIid = new Map<string, number>();
  rows.familyIds?.forEach((fid, row) => {
    if (fid !== rows.ids[row]) byFidIid.set(`${fid}_${rows.ids[row]}`, row);
  });
  return { byId, byFidIid };
}

/** Label rows sample `i` reaches by one rule (possibly several: then it is ambiguous). */
function candidates(rule: SampleIdRule, samples: SampleIdList, i: number, index: ReturnType<typeof indexRows>): number[] {
  const id = samples.ids[i];
  const fid = samples.familyIds?.[i];
  const found = new Set<number>();
  const add = (row: number | undefined) => row !== undefined && found.add(row);
  if (rule === sampleIdRules.exact) {
    add(index.byId.get(id));
  } else if (rule === sampleIdRules.fidIid) {
    if (fid !== undefined && fid !== id) add(index.byId.get(`${fid}_${id}`));
    add(index.byFidIid.get(id));
    // The label file has no FIDs: a VCF id F_I matches IID I. Rows with FIDs were matched above.
    for (const [f, iid] of splits(id)) if (f !== iid && index.byFidIid.size === 0) add(index.byId.get(iid));
  } else {
    if (fid === id || fid === undefined) add(index.byId.get(`${id}_${id}`));
    for (const [f, iid] of splits(id)) if (f === iid) add(index.byId.get(iid));
  }
  return [...found];
}

const listed = (ids: string[]) => (ids.length === 2 ? `${quote(ids[0])} and ${quote(ids[1])}`
  : `${ids.slice(0, 3).map((id) => quote(id)).join(', ')}${ids.length > 3 ? ', …' : ''}`);

/** Aligns samples to label rows by the first rule that finds each sample; refuses ambiguity. */
export function matchSampleIds(samples: SampleIdList, rows: SampleIdList & { file: string }): SampleIdMatch {
  const index = indexRows(rows);
  const rowOfSample = new Int32Array(samples.ids.length).fill(-1);
  const counts: Record<SampleIdRule, number> = { exact: 0, fidIid: 0, doubleId: 0 };
  const samplesOfRow = new Map<number, number[]>();
  samples.ids.forEach((id, i) => {
    for (const rule of ruleOrder) {
      const found = candidates(rule, samples, i, index);
      if (found.length === 0) continue;
      if (found.length > 1) {
        throw new AmbiguousSampleIdError(`sample ${quote(id)} matches ${formatCount(found.length)} ids in ${rows.file} ` +
          `(${listed(found.map((row) => rows.ids[row]))}); give the label file the genotype file's own sample ids`, rows.file);
      }
      rowOfSample[i] = found[0];
      counts[rule]++;
      samplesOfRow.set(found[0], [...(samplesOfRow.get(found[0]) ?? []), i]);
      return;
    }
  });
  for (const [row, claimants] of samplesOfRow) {
    if (claimants.length < 2) continue;
    throw new AmbiguousSampleIdError(`${quote(rows.ids[row])} in ${rows.file} matches ${formatCount(claimants.length)} genotype samples ` +
      `(${listed(claimants.map((i) => samples.ids[i]))}); give the label file FID_IID ids, or FID and IID columns`, rows.file);
  }
  return { rowOfSample, counts };
}
