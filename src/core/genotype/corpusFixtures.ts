// Small VCFs in the styles of files real tools write, for the interop test against bcftools and
// plink1.9 (corpus.interop.test.ts). Written here by hand, fields tab-separated by `vcf()`.

const vcf = (lines: string[]) => `${lines.map((l) => (l.startsWith('##') ? l : l.trim().split(/ +/).join('\t'))).join('\n')}\n`;

const gtHeader = '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">';

/** htslib/1000 Genomes style: phased and unphased, half calls, dropped trailing fields, GT not first, X/Y/MT haploid calls, `*`. */
const htslib = vcf([
  '##fileformat=VCFv4.2',
  '##FILTER=<ID=PASS,Description="All filters passed">',
  '##contig=<ID=1,length=249250621>', '##contig=<ID=X,length=155270560>', '##contig=<ID=Y,length=59373566>', '##contig=<ID=MT,length=16569>',
  '##INFO=<ID=AC,Number=A,Type=Integer,Description="Allele count">', '##INFO=<ID=AN,Number=1,Type=Integer,Description="Allele number">',
  '##INFO=<ID=DP,Number=1,Type=Integer,Description="Total depth">',
  gtHeader, '##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">', '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">',
  '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">', '##FORMAT=<ID=PL,Number=G,Type=Integer,Description="Phred-scaled likelihoods">',
  '#CHROM POS ID REF ALT QUAL FILTER INFO FORMAT S1 S2 S3 S4 S5 S6 S7',
  '1 10177 rs367896724 A AC 100 PASS AC=5;AN=10;DP=50 GT:GQ:DP 0|0:30:5 0|1:25:6 1|1:40:7 ./.:.:. 0/1:20:4 1/0:22:5 .:.:.',
  '1 10352 rs555500075 T TA 50 PASS . GT:AD:DP:GQ:PL 0/1:3,4:7:20:30,0,40 0/0:6,0:6:18:0,18,200 1/1:0,5:5:15:150,15,0 ./1:.:.:.:. 0/.:.:.:.:. 1/1:0,8:8:24:240,24,0 0/1:4,4:8:30:60,0,60',
  '1 11012 rs544419019 C G,T . PASS . GT 0/1 1/2 2/2 0/0 ./. 0/2 1/1',
  '1 13110 rs13110 G A . PASS . DP:GT 7:0/1 3:0/0 5:1/1 .:. 9:0|1 2:1|0 4:0/0',
  '1 14000 rs14000 T C,* . PASS . GT 0/1 0/2 2/2 1/1 ./. 0/0 1/2',
  '1 14100 rs14100 TA * . PASS . GT 0/0 0/1 1/1 0/0 0/1 ./. 0/0',
  '1 15000 rs15000 G C . PASS . GT:GQ:DP 0/0 1/1:. 0/1:20 ./. 0/0:3:4 1/1 0/1',
  '1 16000 rs16000 A . . PASS . GT 0/0 0/0 0/0 ./. 0/0 0/0 0/0',
  'X 60100 rsXPAR C G . PASS . GT 0/1 1/1 0/0 0/1 ./. 0|1 1/1',
  'X 2699555 rsX1 C T . PASS . GT 0 1 0/1 1/1 . 1 0/0',
  'Y 2655180 rsY1 G A . PASS . GT 0 1 . . 1 0 .',
  'MT 73 rsMT A G . PASS . GT 1 1 0 1 . 0 1',
]);

/** GATK HaplotypeCaller -ERC GVCF after CombineGVCFs: reference blocks with END, `<NON_REF>` on every site. */
const gatkGvcf = vcf([
  '##fileformat=VCFv4.2',
  '##ALT=<ID=NON_REF,Description="Represents any possible alternative allele at this location">',
  '##FILTER=<ID=LowQual,Description="Low quality">',
  '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths for the ref and alt alleles in the order listed">',
  '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth">',
  '##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype Quality">', gtHeader,
  '##FORMAT=<ID=MIN_DP,Number=1,Type=Integer,Description="Minimum DP observed within the GVCF block">',
  '##FORMAT=<ID=PL,Number=G,Type=Integer,Description="Normalized, Phred-scaled likelihoods for genotypes">',
  '##INFO=<ID=END,Number=1,Type=Integer,Description="Stop position of the interval">',
  '##INFO=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth">',
  '##contig=<ID=20,length=64444167>',
  '#CHROM POS ID REF ALT QUAL FILTER INFO FORMAT NA12878 NA12891 NA12892',
  '20 10000000 . T <NON_REF> . . END=10000116 GT:DP:GQ:MIN_DP:PL 0/0:44:99:38:0,89,1385 0/0:30:81:28:0,81,900 0/0:35:90:30:0,90,1000',
  '20 10000117 . C T,<NON_REF> 262.77 . DP=64 GT:AD:DP:GQ:PL 0/1:11,12,0:23:99:291,0,292,324,327,652 0/0:20,0,0:20:60:0,60,900,60,900,900 1/1:0,21,0:21:63:900,63,0,900,63,900',
  '20 10000118 . T <NON_REF> . . END=10000210 GT:DP:GQ:MIN_DP:PL 0/0:42:99:38:0,99,1440 ./.:0:0:0:0,0,0 0/0:35:90:30:0,90,1000',
  '20 10000211 . C CT,<NON_REF> 40.6 . DP=18 GT:AD:DP:GQ:PL 0/1:3,3,0:6:40:48,0,52,57,61,118 0/0:6,0,0:6:18:0,18,200,18,200,200 0/0:6,0,0:6:18:0,18,200,18,200,200',
  '20 10000300 . GA G,*,<NON_REF> 120 . DP=30 GT:AD:DP:GQ 0/2:5,0,5,0:10:50 0/1:5,5,0,0:10:50 1/2:0,5,5,0:10:50',
]);

/** `bcftools mpileup | bcftools call -g`: reference blocks as `<*>` with END. */
const bcftoolsGvcf = vcf([
  '##fileformat=VCFv4.2',
  '##FILTER=<ID=PASS,Description="All filters passed">',
  '##bcftoolsVersion=1.16+htslib-1.16',
  '##contig=<ID=chr1,length=248956422>',
  '##ALT=<ID=*,Description="Represents allele(s) other than observed.">',
  '##INFO=<ID=END,Number=1,Type=Integer,Description="End position of the variant described in this record">',
  '##INFO=<ID=MinDP,Number=1,Type=Integer,Description="Minimum per-sample depth in this gVCF block">',
  gtHeader, '##FORMAT=<ID=PL,Number=G,Type=Integer,Description="List of Phred-scaled genotype likelihoods">',
  '#CHROM POS ID REF ALT QUAL FILTER INFO FORMAT sample1 sample2',
  'chr1 14001 . A <*> 0 . END=14020;MinDP=8 GT:PL 0/0:0,24,211 0/0:0,21,190',
  'chr1 14021 . G C,<*> 96.4 . DP=12 GT:PL 0/1:129,0,104,135,120,255 1/1:200,30,0,210,40,255',
  'chr1 14022 . T <*> 0 . END=14100;MinDP=3 GT:PL 0/0:0,9,84 ./.:.',
  'chr1 14101 . C A 35 . DP=9 GT:PL 1/1:60,9,0 0/1:40,0,30',
]);

export const corpus: Record<string, string> = {
  'htslib.vcf': htslib,
  'gatk.g.vcf': gatkGvcf,
  'bcftools.g.vcf': bcftoolsGvcf,
};

const v44 = [
  '##fileformat=VCFv4.4', '##contig=<ID=1>', gtHeader,
  '#CHROM POS ID REF ALT QUAL FILTER INFO FORMAT A B C D E',
  '1 100 r1 A G . PASS . GT /0|1 |1|1 /0/0 |0 |./.',
  '1 200 r2 C T . PASS . GT /.|. /1|0 0|1 /1 1|1',
];

/** VCF 4.4 with the phasing prefix on the first allele (`/0|1`, `|1`). */
export const vcf44 = vcf(v44);
/** The same calls without the prefix, for tools older than VCF 4.4 (htslib < 1.18). */
export const vcf44Twin = vcf(v44.map((l) => (l.startsWith('1 ') ? l.replace(/ [/|](?=[0-9.])/g, ' ') : l)).map((l) => l.replace('VCFv4.4', 'VCFv4.3')));
