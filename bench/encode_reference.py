#!/usr/bin/python3
"""Reference encode for bench/encode.mjs: the workbench's per-gene PCA codec
(src/core/encode) redone with numpy + scikit-learn on the same PLINK files and the same split.

  encode_reference.py encode --bfile PREFIX --genes genes.bed --split BUNDLE/split.npy --out DIR
  encode_reference.py compare --bundle BUNDLE --reference DIR

Per gene, with X the [n_train x p] training dosages, missing calls replaced by the SNP's
mean over its called training genotypes: PCA(svd_solver='full') keeps 8 components if p > 20,
4 if 5 <= p <= 20, 1 if p <= 4 (DiseaseCapsule), capped at the numerical rank; scores
z = (x - mu) W are standardised per slot with the training mean and population std
(std <= 1e-12 -> 1); the tensor [N, G, 8] is zero-padded to G = next multiple of 512 genes.
Each command prints one JSON line.
"""
import argparse
import json
import os
import resource
import sys
import time

import numpy as np
from sklearn.decomposition import PCA

GENE_SLOT_MULTIPLE = 512
COMPONENTS_PER_GENE = 8
RANK_TOLERANCE = 1e-10
CONSTANT_SLOT_STD = 1e-12
MISSING = -1
GENE_BLOCK = 512
PLINK_CODES = {'23': 'X', '24': 'Y', '25': 'XY', '26': 'MT', 'M': 'MT'}


def own_usage():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {'cpuSeconds': usage.ru_utime + usage.ru_stime, 'peakRssBytes': usage.ru_maxrss * 1024}


def normalise_chrom(chrom):
    bare = chrom.strip()
    if bare[:3].lower() == 'chr':
        bare = bare[3:]
    bare = bare.upper()
    return PLINK_CODES.get(bare, bare)


def read_fam_count(path):
    with open(path) as f:
        return sum(1 for line in f if line.strip())


def read_bim(path):
    chrom, pos = [], []
    with open(path) as f:
        for line in f:
            fields = line.split()
            if fields:
                chrom.append(normalise_chrom(fields[0]))
                pos.append(int(fields[3]))
    return np.array(chrom), np.array(pos, dtype=np.int64)


def read_bed(path, samples, variants, block=4096):
    """SNP-major .bed -> int8 [variants x samples]: dosage = copies of A1, -1 missing."""
    raw = np.memmap(path, dtype=np.uint8, mode='r')
    per_variant = (samples + 3) // 4
    if raw[0] != 0x6C or raw[1] != 0x1B or raw[2] != 0x01:
        sys.exit(f'{path}: not a SNP-major PLINK 1 .bed')
    if raw.size != 3 + per_variant * variants:
        sys.exit(f'{path}: {raw.size} bytes, expected {3 + per_variant * variants}')
    # 2-bit codes, low bits first: 00 hom A1 (2), 01 missing, 10 het (1), 11 hom A2 (0).
    dosage_of_code = np.array([2, MISSING, 1, 0], dtype=np.int8)
    codes = (np.arange(256)[:, None] >> (2 * np.arange(4))[None, :]) & 3
    lut = dosage_of_code[codes]
    body = raw[3:].reshape(variants, per_variant)
    dosages = np.empty((variants, samples), dtype=np.int8)
    for start in range(0, variants, block):
        stop = min(variants, start + block)
        dosages[start:stop] = lut[body[start:stop]].reshape(stop - start, per_variant * 4)[:, :samples]
    return dosages


def read_gene_bed(path):
    genes = []
    with open(path) as f:
        for line in f:
            if not line.strip() or line.startswith(('#', 'track', 'browser')):
                continue
            fields = line.split()
            name = fields[3] if len(fields) > 3 else f'{fields[0]}:{fields[1]}-{fields[2]}'
            genes.append((normalise_chrom(fields[0]), int(fields[1]), int(fields[2]), name))
    return genes


def assign_snps(chrom, pos, genes):
    """Per gene (input order, genes without SNPs dropped): rows with start <= pos - 1 < end."""
    by_chrom = {}
    for c in np.unique(chrom):
        rows = np.flatnonzero(chrom == c)
        order = rows[np.argsort(pos[rows], kind='stable')]
        by_chrom[c] = (order, pos[order])
    kept = []
    for c, start, end, name in genes:
        if c not in by_chrom:
            continue
        order, sorted_pos = by_chrom[c]
        lo, hi = np.searchsorted(sorted_pos, [start + 1, end + 1], side='left')
        if hi > lo:
            kept.append((name, np.sort(order[lo:hi])))
    return kept


def requested_components(p):
    return 8 if p > 20 else 4 if p >= 5 else 1


def encode_gene(dosages, rows, train):
    """Standardised scores [N x k] of one gene, its k and its leading eigenvalues."""
    x = dosages[rows].T.astype(np.float64)
    missing = dosages[rows].T == MISSING
    called = ~missing[train]
    counts = called.sum(axis=0)
    sums = np.where(called, x[train], 0.0).sum(axis=0)
    impute = np.divide(sums, counts, out=np.zeros(len(rows)), where=counts > 0)
    x = np.where(missing, impute[None, :], x)
    x_train = x[train]
    total = x_train.var(axis=0, ddof=1).sum()
    want = requested_components(len(rows))
    # One extra component, when there is one, only to report the gap after the last kept one.
    pca = PCA(n_components=min(want + 1, len(rows), len(train)), svd_solver='full').fit(x_train)
    eig = pca.explained_variance_
    k = 0
    while k < want and k < len(eig) and eig[k] > RANK_TOLERANCE * total:
        k += 1
    scores = (x - pca.mean_) @ pca.components_[:k].T
    mean = scores[train].mean(axis=0)
    std = scores[train].std(axis=0)
    std[std <= CONSTANT_SLOT_STD] = 1.0
    return (scores - mean) / std, k, eig


def encode(args):
    t0 = time.perf_counter()
    samples = read_fam_count(args.bfile + '.fam')
    chrom, pos = read_bim(args.bfile + '.bim')
    dosages = read_bed(args.bfile + '.bed', samples, len(pos))
    t_read = time.perf_counter()
    genes = assign_snps(chrom, pos, read_gene_bed(args.genes))
    train = np.flatnonzero(np.load(args.split) == 0)
    t_assign = time.perf_counter()
    slots = max(1, -(-len(genes) // GENE_SLOT_MULTIPLE)) * GENE_SLOT_MULTIPLE
    os.makedirs(args.out, exist_ok=True)
    tensor = np.lib.format.open_memmap(os.path.join(args.out, 'tensor.npy'), mode='w+', dtype=np.float32,
                                       shape=(samples, slots, COMPONENTS_PER_GENE))
    report = []
    for g0 in range(0, len(genes), GENE_BLOCK):
        block = np.zeros((samples, min(GENE_BLOCK, len(genes) - g0), COMPONENTS_PER_GENE), dtype=np.float32)
        for g, (name, rows) in enumerate(genes[g0:g0 + GENE_BLOCK]):
            scores, k, eig = encode_gene(dosages, rows, train)
            block[:, g, :k] = scores
            report.append({'name': name, 'snpCount': len(rows), 'components': k, 'eigenvalues': eig.tolist()})
        tensor[:, g0:g0 + block.shape[1], :] = block
    tensor.flush()
    del tensor
    t_encode = time.perf_counter()
    np.save(os.path.join(args.out, 'snps.npy'), np.concatenate([rows for _, rows in genes]).astype(np.int32))
    with open(os.path.join(args.out, 'genes.json'), 'w') as f:
        json.dump(report, f)
    print(json.dumps({
        'samples': samples, 'snps': len(pos), 'genes': len(genes), 'geneSlots': slots, 'train': int(len(train)),
        'stageSeconds': {'read': t_read - t0, 'assign': t_assign - t_read, 'fitEncode': t_encode - t_assign,
                    'total': time.perf_counter() - t0},
        **own_usage(),
    }))


def workbench_gene_rows(bundle, layout):
    """Each workbench gene's SNPs as cohort rows: codec_snps.npy -> variants.tsv source_row."""
    local = np.load(os.path.join(bundle, 'codec_snps.npy'))
    source = np.loadtxt(os.path.join(bundle, 'variants.tsv'), delimiter='\t', usecols=5, dtype=np.int64, ndmin=1)
    offsets = layout['codec']['snpOffsets']
    return [source[local[offsets[g]:offsets[g + 1]]] for g in range(len(offsets) - 1)]


def eigen_gap(eigenvalues, j):
    """Relative distance of eigenvalue j to its nearest neighbour: small = ill-defined direction."""
    near = [abs(eigenvalues[j] - eigenvalues[i]) for i in (j - 1, j + 1) if 0 <= i < len(eigenvalues)]
    return min(near) / eigenvalues[j] if near and eigenvalues[j] > 0 else float('inf')


def slot_statistics(ours, ref, g0, g1):
    """|corr| and max |ours - sign * ref| per slot of genes g0..g1 (sign from the correlation)."""
    a = np.asarray(ours[:, g0:g1, :], dtype=np.float64)
    b = np.asarray(ref[:, g0:g1, :], dtype=np.float64)
    ac, bc = a - a.mean(axis=0), b - b.mean(axis=0)
    dot = (ac * bc).sum(axis=0)
    norms = np.sqrt((ac * ac).sum(axis=0) * (bc * bc).sum(axis=0))
    corr = np.divide(dot, norms, out=np.full(dot.shape, np.nan), where=norms > 0)
    sign = np.where(dot < 0, -1.0, 1.0)
    return np.abs(corr), np.abs(a - sign * b).max(axis=0)


def compare(args):
    with open(os.path.join(args.bundle, 'layout.json')) as f:
        layout = json.load(f)
    with open(os.path.join(args.reference, 'genes.json')) as f:
        ref_genes = json.load(f)
    ref_snps = np.load(os.path.join(args.reference, 'snps.npy'))
    ours_rows = workbench_gene_rows(args.bundle, layout)
    ref_offsets = np.cumsum([0] + [g['snpCount'] for g in ref_genes])
    names_match = [g['name'] for g in layout['genes']] == [g['name'] for g in ref_genes]
    snps_match = names_match and all(
        np.array_equal(rows, ref_snps[ref_offsets[g]:ref_offsets[g + 1]]) for g, rows in enumerate(ours_rows))
    components_match = names_match and all(a['components'] == b['components'] for a, b in zip(layout['genes'], ref_genes))
    ours = np.load(os.path.join(args.bundle, 'tensor.npy'), mmap_mode='r')
    ref = np.load(os.path.join(args.reference, 'tensor.npy'), mmap_mode='r')
    if not (names_match and ours.shape == ref.shape):
        print(json.dumps({'namesMatch': names_match, 'shapes': [ours.shape, ref.shape], 'realSlots': 0, 'agree': 0}))
        return
    mask = np.array(layout['mask'], dtype=bool)
    slots, disagreements, worst_corr, worst_diff, padding = 0, [], 1.0, 0.0, 0.0
    agree = agree_corr = agree_diff = ill_conditioned = 0
    for g0 in range(0, ours.shape[1], 128):
        g1 = min(ours.shape[1], g0 + 128)
        abs_corr, max_diff = slot_statistics(ours, ref, g0, g1)
        padding = max(padding, float(np.abs(np.asarray(ours[:, g0:g1, :])[:, ~mask[g0:g1]]).max(initial=0)))
        for g, j in zip(*np.nonzero(mask[g0:g1])):
            gene = g0 + g
            if gene >= len(ref_genes) or j >= ref_genes[gene]['components']:
                continue
            c, d = float(abs_corr[g, j]), float(max_diff[g, j])
            ok_corr, ok_diff = c > 0.999, d < 1e-3
            slots += 1
            agree_corr += ok_corr
            agree_diff += ok_diff
            agree += ok_corr or ok_diff
            worst_corr, worst_diff = min(worst_corr, c if c == c else 1.0), max(worst_diff, d)
            if not (ok_corr or ok_diff):
                gap = eigen_gap(ref_genes[gene]['eigenvalues'], j)
                ill_conditioned += gap < args.gap
                disagreements.append({'gene': ref_genes[gene]['name'], 'component': int(j), 'absCorr': c,
                                      'maxAbsDiff': d, 'eigenGap': gap})
    disagreements.sort(key=lambda x: x['absCorr'])
    print(json.dumps({
        'namesMatch': names_match, 'snpsMatch': bool(snps_match), 'componentsMatch': bool(components_match),
        'realSlots': slots, 'agree': int(agree), 'agreeCorr': int(agree_corr), 'agreeDiff': int(agree_diff),
        'disagreeIllConditioned': int(ill_conditioned), 'gapThreshold': args.gap,
        'minAbsCorr': worst_corr, 'maxAbsDiff': worst_diff, 'paddingMaxAbs': padding,
        'worst': disagreements[:10],
    }))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    commands = parser.add_subparsers(dest='command', required=True)
    run = commands.add_parser('encode')
    run.add_argument('--bfile', required=True)
    run.add_argument('--genes', required=True)
    run.add_argument('--split', required=True, help="split.npy of the workbench's bundle: 0 train")
    run.add_argument('--out', required=True)
    check = commands.add_parser('compare')
    check.add_argument('--bundle', required=True)
    check.add_argument('--reference', required=True)
    check.add_argument('--gap', type=float, default=1e-2,
                       help='a disagreeing slot whose eigenvalue is this close (relative) to a neighbour is ill-conditioned')
    args = parser.parse_args()
    encode(args) if args.command == 'encode' else compare(args)


if __name__ == '__main__':
    main()
