// The encode benchmark's printed table (bench/encode.mjs builds the result object).
import { count, mib, row, seconds } from './common.mjs';

const rate = (r) => (r === null || r === undefined ? 'n/a' : `${(r / 1e6).toFixed(1)} M`);

function timingTable(result) {
  const widths = [24, 8, 8, 16, 12, 10];
  const lines = [row(['', 'wall s', 'CPU s', 'genotypes/s', 'peak RSS', 'RSS/dos.'], widths)];
  const add = (name, run) => lines.push(row([name, seconds(run.wallSeconds), seconds(run.cpuSeconds),
    rate(run.genotypesPerSecond), mib(run.peakRssBytes),
    run.peakRssBytes ? `${(run.peakRssBytes / result.memory.dosagesBytes).toFixed(2)}×` : 'n/a'], widths));
  add('workbench (gdw encode)', result.workbench);
  if (result.reference) {
    add('numpy + sklearn (1 thr.)', result.reference);
    const { wall, cpu } = result.ratio;
    lines.push(row(['ratio workbench / numpy', `${wall.toFixed(2)}×`, cpu ? `${cpu.toFixed(2)}×` : 'n/a', '', '', ''], widths));
  }
  return lines;
}

function comparisonLine(c) {
  if (!c) return null;
  const structure = c.namesMatch && c.snpsMatch && c.componentsMatch
    ? 'genes, SNP lists and components per gene identical'
    : `STRUCTURE DIFFERS (genes ${c.namesMatch}, SNPs ${c.snpsMatch}, components ${c.componentsMatch})`;
  const lines = [
    `correctness: ${count(c.agree)} / ${count(c.realSlots)} real slots agree up to sign (|corr| > 0.999: ${count(c.agreeCorr)},` +
    ` max |Δ| < 1e-3: ${count(c.agreeDiff)}); min |corr| ${c.minAbsCorr.toFixed(6)}, max |Δ| ${c.maxAbsDiff.toExponential(1)};`,
    `  ${structure}; padding max |x| ${c.paddingMaxAbs}`,
  ];
  if (c.agree < c.realSlots) {
    lines.push(`  ${c.realSlots - c.agree} disagree, ${c.disagreeIllConditioned} of them with an eigenvalue within ${c.gapThreshold} (relative) of a neighbour`);
    for (const w of c.worst.slice(0, 5)) {
      lines.push(`    ${w.gene} component ${w.component}: |corr| ${w.absCorr.toFixed(4)}, max |Δ| ${w.maxAbsDiff.toFixed(3)}, eigen gap ${w.eigenGap.toExponential(1)}`);
    }
  }
  return lines.join('\n');
}

export function printReport(result) {
  const { cohort, memory, workbench } = result;
  console.log(`\nencode benchmark: ${count(cohort.samples)} samples × ${count(cohort.snps)} SNPs = ${count(cohort.samples * cohort.snps)} genotypes,` +
    ` ${count(cohort.realGenes)} genes → [${count(cohort.samples)}, ${count(cohort.geneSlots)}, 8], train ${count(cohort.train)} / holdout ${count(cohort.holdout)};` +
    ` ${result.machine.cpus} CPUs, best of ${result.repeats}, measured with ${workbench.measuredWith}\n`);
  for (const line of timingTable(result)) console.log(line);
  console.log(`\n(gdw encode's own timer: ${seconds(workbench.ownSeconds)} s; it also computes the holdout round-trip ceiling and the codec hash)`);
  if (result.reference) {
    const s = result.reference.stageSeconds;
    console.log(`(reference stages: read ${seconds(s.read)} s, assign ${seconds(s.assign)} s, fit + encode ${seconds(s.fitEncode)} s)`);
  } else {
    console.log(`reference skipped: ${result.referenceSkipped}`);
  }
  console.log(`\nmemory: ${memory.rule}`);
  console.log(`  = ${mib(memory.dosagesBytes)} + ${memory.chunkCopies} × (${mib(memory.tensorChunkBytes)} + ${mib(memory.decodeChunkBytes)}) + ${mib(memory.baselineBytes)}` +
    ` = ${mib(memory.boundBytes)}; peak ${mib(memory.peakRssBytes)}: ${memory.ok ? 'ok' : 'EXCEEDED'}`);
  const comparison = comparisonLine(result.comparison);
  if (comparison) console.log(comparison);
  console.log(result.pass ? '\nPASS' : '\nFAIL');
}
