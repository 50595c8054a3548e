#!/usr/bin/python3
"""Two reference synthetic sets for the real-data demo, made outside the workbench (README, "Real data").

Run: /usr/bin/python3 scripts/realDemoBaselines.py BUNDLE OUTDIR [--seed 1]
BUNDLE is `gdw encode` of public/demo/real1000g/ (its split.npy and samples.txt say who is in the
training split). Writes, from data/yelmen805/805_SNP_1000G_real.hapt.gz:
  copies.hapt (+ .legend)    the haplotype pairs of 250 training-split people, copied as they are
  binomial.hapt (+ .legend)  2,500 people whose alleles are drawn independently per SNP at the
                             training split's a1 frequency (Yelmen et al.'s "binomial" baseline)
"""
import gzip
import os
import shutil
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "data", "yelmen805")


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    bundle, out = argv[0], argv[1]
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 1
    rng = np.random.default_rng(seed)
    split = np.load(os.path.join(bundle, "split.npy"))
    with open(os.path.join(bundle, "samples.txt")) as f:
        bundle_ids = f.read().split()
    train_ids = {s for s, role in zip(bundle_ids, split) if role == 0}
    with gzip.open(os.path.join(SRC, "805_SNP_1000G_real.hapt.gz"), "rt") as f:
        rows = [line.split() for line in f]
    ids = [r[1].rsplit("_", 1)[0] for r in rows[::2]]
    haps = np.array([[int(x) for x in r[2:]] for r in rows], dtype=np.int8)
    train_people = np.array([i for i, p in enumerate(ids) if p in train_ids])
    os.makedirs(out, exist_ok=True)
    # Copies: 250 training people, both haplotypes, as in the source.
    chosen = np.sort(rng.choice(train_people, size=250, replace=False))
    write_hapt(os.path.join(out, "copies.hapt"), [rows[2 * i + k] for i in chosen for k in (0, 1)])
    # Binomial: independent alleles at the training split's a1 frequency per SNP.
    train_haps = haps[np.concatenate([2 * train_people, 2 * train_people + 1])]
    freq = train_haps.mean(axis=0)
    draws = (rng.random((5000, haps.shape[1])) < freq).astype(np.int8)
    write_hapt(os.path.join(out, "binomial.hapt"), [["AG", f"AG{i}"] + [str(x) for x in row] for i, row in enumerate(draws)])
    # Repaired: real training haplotypes, re-paired at random (people who never existed).
    picks = rng.permutation(train_haps.shape[0])[:4500]  # each haplotype once: 2,250 people
    write_hapt(os.path.join(out, "repaired.hapt"), [["AG", f"AG{i}"] + [str(x) for x in train_haps[j]] for i, j in enumerate(picks)])
    for name in ("copies", "binomial", "repaired"):
        shutil.copy(os.path.join(SRC, "805_SNP.legend"), os.path.join(out, f"{name}.legend"))
    print(f"copies: 250 of {len(train_people)} training people; binomial: 2,500 people; repaired: 2,250; into {out}")


def write_hapt(path, rows):
    with open(path, "w") as f:
        f.write("".join(" ".join(r) + "\n" for r in rows))


if __name__ == "__main__":
    main(sys.argv[1:])
