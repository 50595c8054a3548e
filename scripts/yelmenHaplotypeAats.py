#!/usr/bin/python3
"""AATS on haplotypes, as Yelmen et al. compute it: every real haplotype against every artificial one.

Run: /usr/bin/python3 scripts/yelmenHaplotypeAats.py [--first N] [FILE.hapt(.gz) ...]
(default: the GAN and RBM AGs of data/yelmen805, against 805_SNP_1000G_real.hapt.gz there; --first N:
only the first N haplotypes of each file, as src/engines/realDemo.test.ts checks the workbench's AATS).
     /usr/bin/python3 scripts/yelmenHaplotypeAats.py --rows ROWS.json FILE.hapt(.gz)
(the workbench's setting, on the rows it drew: ROWS.json holds {"train": [...], "holdout": [...],
"trainAll": [...], "synthetic": [...]}, 0-based rows of the real and the synthetic file; prints one
JSON object: AA truth, AA syn and AATS against train and holdout, the privacy loss, the share of
synthetic haplotypes closer to train than to holdout, and the exact copies of a trainAll haplotype,
as src/cli/realDemoHaplotypes.test.ts checks `gdw evaluate`'s haplotype AATS).
Hamming distance (= Manhattan on 0/1), self excluded by index, strict inequality:
  AA_truth = mean_i 1[d_TS(i) > d_TT(i)],  AA_syn = mean_j 1[d_ST(j) > d_SS(j)],  AATS = (AA_truth + AA_syn) / 2.
This is the paper's setting (haplotypes, all 5,008 real ones as the reference), so its numbers can be
set beside the published ones; `gdw evaluate` measures people (two haplotypes) and, on a phased cohort,
haplotypes on a seeded subsample against its own training split (--rows reproduces that). numpy only.
"""
import gzip
import os
import sys

import numpy as np

SRC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "yelmen805")


def read_hapt(path, first=None):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        lines = f.read().splitlines()[:first]
    return np.array([[int(x) for x in line.split()[2:]] for line in lines], dtype=np.float32)


def min_distances(a, b, exclude_self):
    """Nearest Hamming distance from each row of a to the rows of b, in blocks (a, b are 0/1)."""
    out = np.empty(a.shape[0])
    nb = b.sum(axis=1)
    for start in range(0, a.shape[0], 1024):
        block = a[start:start + 1024]
        d = block.sum(axis=1)[:, None] + nb[None, :] - 2 * block @ b.T
        if exclude_self:
            d[np.arange(block.shape[0]), np.arange(start, start + block.shape[0])] = np.inf
        out[start:start + block.shape[0]] = d.min(axis=1)
    return np.rint(out)


def aats(real, syn):
    d_tt, d_ss = min_distances(real, real, True), min_distances(syn, syn, True)
    d_ts, d_st = min_distances(real, syn, False), min_distances(syn, real, False)
    aa_truth, aa_syn = float(np.mean(d_ts > d_tt)), float(np.mean(d_st > d_ss))
    return aa_truth, aa_syn, (aa_truth + aa_syn) / 2, int(np.sum(d_st == 0))


def workbench_setting(rows_path, syn_path):
    """AATS against the drawn train and holdout rows, privacy loss, closer-to-train share, copies."""
    import json
    with open(rows_path) as f:
        rows = json.load(f)
    real = read_hapt(os.path.join(SRC, "805_SNP_1000G_real.hapt.gz"))
    syn = read_hapt(syn_path)[rows["synthetic"]]
    out = {}
    nearest = {}
    for side in ("train", "holdout"):
        ref = real[rows[side]]
        aa_truth, aa_syn, score, _ = aats(ref, syn)
        out[side] = {"aaTruth": aa_truth, "aaSyn": aa_syn, "aats": score}
        nearest[side] = min_distances(syn, ref, False)
    out["privacyLoss"] = out["holdout"]["aats"] - out["train"]["aats"]
    out["closerToTrain"] = float(np.mean(nearest["train"] < nearest["holdout"]))
    out["exactCopies"] = int(np.sum(min_distances(syn, real[rows["trainAll"]], False) == 0))
    print(json.dumps(out))


def main(args):
    if "--rows" in args:
        at = args.index("--rows")
        return workbench_setting(args[at + 1], args[at + 2])
    first = None
    if "--first" in args:
        at = args.index("--first")
        first, args = int(args[at + 1]), args[:at] + args[at + 2:]
    paths = args or [os.path.join(SRC, f) for f in ("805_SNP_GAN_AG_20000epochs.hapt.gz", "805_SNP_RBM_AG_800Epochs.hapt.gz")]
    real = read_hapt(os.path.join(SRC, "805_SNP_1000G_real.hapt.gz"), first)
    print(f"real: {real.shape[0]} haplotypes x {real.shape[1]} SNPs")
    for path in paths:
        syn = read_hapt(path, first)
        aa_truth, aa_syn, score, copies = aats(real, syn)
        print(f"{os.path.basename(path)}: {syn.shape[0]} haplotypes; AA truth {aa_truth:.3f}, AA syn {aa_syn:.3f}, "
              f"AATS {score:.3f}; {copies} identical to a real haplotype")


if __name__ == "__main__":
    main(sys.argv[1:])
