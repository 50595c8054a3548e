// One spelling per chromosome so 'chr1' (UCSC, VCF), '1' (Ensembl, PLINK) and PLINK's numeric
// codes for the sex and mitochondrial chromosomes (23 X, 24 Y, 25 XY, 26 MT) match each other.

const plinkCodes: Record<string, string> = { '23': 'X', '24': 'Y', '25': 'X', '26': 'MT', XY: 'X', M: 'MT' };

/**
 * 'chr1' → '1', 'chrX' → 'X', '23' → 'X', 'chrM' → 'MT'. PLINK's XY (the pseudo-autosomal
 * region) maps to X because gene maps place PAR genes on X. Unknown names pass through.
 */
export function normalizeChrom(name: string): string {
  const bare = name.trim().replace(/^chr/i, '');
  const upper = bare.toUpperCase();
  if (Object.hasOwn(plinkCodes, upper)) return plinkCodes[upper];
  if (upper === 'X' || upper === 'Y' || upper === 'MT') return upper;
  return /^0*\d+$/.test(bare) ? String(Number(bare)) : bare;
}
