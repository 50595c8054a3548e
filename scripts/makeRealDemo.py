#!/usr/bin/python3
"""Builds the real-data demo (public/demo/real1000g/) from Yelmen et al.'s 1000 Genomes subset.

Run: /usr/bin/python3 scripts/makeRealDemo.py [OUT_DIR]   (standard library only; output is byte-for-byte
reproducible: gzip with mtime 0). Inputs, committed in data/yelmen805/ (see its SOURCE.md):
  805_SNP_1000G_real.hapt.gz   5,008 phased haplotypes (2,504 people) x 805 SNPs, 1 = the legend's a1
  805_SNP.legend               the SNPs in column order: id (CHR:POS_A0_A1) position a0 a1 (GRCh37)
  integrated_call_samples_v3.20130502.ALL.panel   1000 Genomes sample -> population, super-population
Outputs:
  cohort.vcf.gz   phased VCF (GT a|b), REF = a0, ALT = a1, one sample per person
  labels.tsv      sample_id, label = 1000 Genomes super-population (AFR AMR EAS EUR SAS): real data
                  has no disease labels, so the class is ancestry
  regions.bed     the "gene" map: each chromosome's SNPs cut into blocks of at most 8 consecutive
                  SNPs (these are not genes: the 805 SNPs lie ~3.5 Mb apart genome-wide, so a block is
                  only a unit for the per-gene PCA; DiseaseCapsule's rule gives a 5-8 SNP block 4 components)
  source.json     provenance and licence, read by the app's Data panel and by the tests
Why 1 = a1 (not "1 = major" as the released README says): 39.6 % of the columns have a 1-frequency
below 0.5, and at known SNPs the 1-frequencies per super-population are the ALT ones (e.g. rs2814778
1:159174683 T>C, the Duffy-null C: AFR 0.964, EUR 0.006; rs1426654 15:48426484 A>G: EUR 0.003).
"""
import gzip
import hashlib
import io
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SRC = os.path.join(ROOT, "data", "yelmen805")
OUT = os.path.join(ROOT, "public", "demo", "real1000g")
BLOCK_SNPS = 8
SUPER_POPS = ("AFR", "AMR", "EAS", "EUR", "SAS")


def read_text(path):
    with open(path, "rb") as f:
        data = f.read()
    return (gzip.decompress(data) if path.endswith(".gz") else data).decode("ascii")


def sha256_of(text):
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def write_gzip(path, text):
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=6) as g:
        g.write(text.encode("ascii"))
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def write_text(path, text):
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write(text)


def read_legend(text):
    lines = text.splitlines()
    if lines[0].split() != ["id", "position", "a0", "a1"]:
        sys.exit(f"805_SNP.legend: expected the header 'id position a0 a1', found {lines[0]!r}")
    snps = []
    for line in lines[1:]:
        sid, pos, a0, a1 = line.split()
        snps.append((sid.split(":")[0], int(pos), sid, a0, a1))
    return snps


def read_hapt(text, n_snps):
    people = []
    rows = text.splitlines()
    if len(rows) % 2:
        sys.exit(f"the .hapt has {len(rows)} rows: expected two per person")
    for i in range(0, len(rows), 2):
        a, b = rows[i].split(), rows[i + 1].split()
        person = a[1].rsplit("_", 1)[0]
        if a[1] != person + "_A" or b[1] != person + "_B" or len(a) != n_snps + 2 or len(b) != n_snps + 2:
            sys.exit(f".hapt rows {i + 1}-{i + 2}: expected {person}_A and {person}_B with {n_snps} alleles each")
        people.append((person, a[2:], b[2:]))
    return people


def read_panel(text):
    lines = text.splitlines()
    if lines[0].split()[:3] != ["sample", "pop", "super_pop"]:
        sys.exit("panel: expected the header 'sample pop super_pop gender'")
    return {f[0]: (f[1], f[2]) for f in (line.split("\t") for line in lines[1:] if line.strip())}


def vcf_text(snps, people):
    head = ["##fileformat=VCFv4.2", "##source=scripts/makeRealDemo.py (Yelmen et al. 2021, 805_SNP_1000G_real.hapt)",
            "##reference=GRCh37"]
    head += [f"##contig=<ID={c}>" for c in dict.fromkeys(s[0] for s in snps)]
    head.append('##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">')
    head.append("\t".join(["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT"] + [p[0] for p in people]))
    body = []
    for j, (chrom, pos, sid, a0, a1) in enumerate(snps):
        calls = [f"{a[j]}|{b[j]}" for _, a, b in people]
        body.append("\t".join([chrom, str(pos), sid, a0, a1, ".", "PASS", ".", "GT"] + calls))
    return "\n".join(head + body) + "\n"


def regions_text(snps):
    rows = []
    by_chrom = {}
    for chrom, pos, *_ in snps:
        by_chrom.setdefault(chrom, []).append(pos)
    for chrom, positions in by_chrom.items():
        blocks = -(-len(positions) // BLOCK_SNPS)
        for k in range(blocks):
            part = positions[k * len(positions) // blocks:(k + 1) * len(positions) // blocks]
            rows.append(f"{chrom}\t{part[0] - 1}\t{part[-1]}\tchr{chrom}_block{k + 1:02d}")
    return "\n".join(rows) + "\n", len(rows)


def main(out=OUT):
    legend_text = read_text(os.path.join(SRC, "805_SNP.legend"))
    hapt_text = read_text(os.path.join(SRC, "805_SNP_1000G_real.hapt.gz"))
    panel_text = read_text(os.path.join(SRC, "integrated_call_samples_v3.20130502.ALL.panel"))
    snps = read_legend(legend_text)
    people = read_hapt(hapt_text, len(snps))
    panel = read_panel(panel_text)
    missing = [p for p, _, _ in people if p not in panel]
    if missing:
        sys.exit(f"{len(missing)} samples are not in the panel, e.g. {missing[0]}")
    os.makedirs(out, exist_ok=True)
    write_gzip(os.path.join(out, "cohort.vcf.gz"), vcf_text(snps, people))
    write_text(os.path.join(out, "labels.tsv"), "sample_id\tlabel\n" + "".join(f"{p}\t{panel[p][1]}\n" for p, _, _ in people))
    regions, region_count = regions_text(snps)
    write_text(os.path.join(out, "regions.bed"), regions)
    counts = {sp: sum(panel[p][1] == sp for p, _, _ in people) for sp in SUPER_POPS}
    source = {
        "name": "1000 Genomes phase 3: 2,504 people x 805 SNPs (Yelmen et al. 2021)",
        "kind": "real",
        "samples": len(people), "snps": len(snps), "regions": region_count, "blockSnps": BLOCK_SNPS,
        "labels": "1000 Genomes super-population (no disease labels: real data)", "classCounts": counts,
        "reference": "GRCh37",
        "source": "The 1000 Genomes Project Consortium, phase 3 (2015), as subset by Yelmen et al., PLOS Genetics 17(2): "
                  "e1009303 (2021): 805_SNP_1000G_real.hapt of gitlab.inria.fr/ml_genetics/public/artificial_genomes",
        "licence": "1000 Genomes data: no restrictions on use (IGSR data reuse statement); Yelmen et al.'s article is CC BY 4.0",
        "licenceNotes": "IGSR: https://www.internationalgenome.org/IGSR_disclaimer (1000 Genomes data are released without "
                        "restriction). The upstream GitLab repository could not be reached from here to read a licence file "
                        "of its own; PLOS Genetics publishes the article under CC BY 4.0.",
        "upstreamFiles": "1000G_real_genomes/805_SNP_1000G_real.hapt, 805_SNP.legend (and GAN_AGs/, RBM_AGs/ for the artificial genomes)",
        "fetchedFrom": "github.com/dianamJLAB/DS6050 @ a44530c, artificial_genomes/ (a copy of the upstream folders, as .hapt.zip); "
                       "the panel from github.com/generality/Kinship-testing @ aead25f",
        "sha256": {"805_SNP_1000G_real.hapt": sha256_of(hapt_text), "805_SNP.legend": sha256_of(legend_text),
                   "integrated_call_samples_v3.20130502.ALL.panel": sha256_of(panel_text)},
        "alleleCoding": "a 1 in the .hapt is the legend's a1 (ALT), checked against known SNPs; not '1 = major' as the released README says",
        "rebuild": "/usr/bin/python3 scripts/makeRealDemo.py",
    }
    write_text(os.path.join(out, "source.json"), json.dumps(source, indent=2) + "\n")
    print(f"real demo: {len(people)} people x {len(snps)} SNPs in {region_count} regions; {counts}; into {out}")


if __name__ == "__main__":
    main(*sys.argv[1:2])
