// The sampling benchmark's printed table (bench/sample.mjs builds the result object).
import { count, mib, row, seconds, times } from './common.mjs';

function timingTable(result) {
  const widths = [30, 9, 9, 11, 12];
  const lines = [row(['', 'wall s', 'CPU s', 's / step', 'load s'], widths)];
  const perStep = (s) => (s === null || s === undefined ? 'n/a' : (s / result.steps).toFixed(3));
  for (const [ep, run] of Object.entries(result.workbench)) {
    lines.push(row([`workbench, ${ep} EP (Chromium)`, seconds(run.wallSeconds), seconds(run.cpuSeconds), perStep(run.wallSeconds),
      seconds(run.load.fetchSeconds + run.load.loadSeconds)], widths));
  }
  const ref = result.reference;
  if (ref) {
    lines.push(row([`PyTorch ${ref.torch} (${ref.threads} threads)`, seconds(ref.wallSeconds), seconds(ref.cpuSeconds), perStep(ref.wallSeconds), ''], widths));
    for (const [ep, ratio] of Object.entries(result.ratios)) {
      lines.push(row([`ratio ${ep} / PyTorch`, times(ratio.wall), times(ratio.cpu), '', ''], widths));
    }
  }
  return lines;
}

function comparisonLines(result) {
  return Object.entries(result.comparison).map(([ep, c]) => `agreement (${ep}): max |workbench − PyTorch| ${c.maxAbsDiff.toExponential(2)}` +
    ` of max |x| ${c.maxAbsReference.toFixed(2)} (relative ${c.relativeMaxDiff.toExponential(2)}, tolerance ${result.agreementTolerance}),` +
    ` correlation ${c.correlation.toFixed(7)}${c.finite ? '' : ', NON-FINITE values'}`);
}

export function printReport(result) {
  const { model } = result;
  console.log(`\nsampling benchmark: DDIM-${result.steps} (η = 0), batch ${result.batch}, UNet-MLP [B, ${count(model.genes)}, ${model.channels}]` +
    ` (${count(model.real_genes)} real genes, ${count(model.genes * model.channels)} inputs), widths ${model.sizes.widths.join(' → ')},` +
    ` per-gene dense ${model.sizes.per_gene_dim}, ${count(model.parameters)} parameters (${mib(model.bytes)} ONNX, untrained);` +
    ` ${result.machine.cpus} CPUs, best of ${result.repeats}\n`);
  for (const line of timingTable(result)) console.log(line);
  console.log('\n(workbench wall: in the page, from the request to the samples back from the worker; CPU: all of Chromium\'s processes' +
    ' over that time. PyTorch: the DDIM loop in-process, after one untimed call; load and warm-up not timed on either side)');
  if (result.chromium.webgpuSkipped) console.log(`WebGPU EP skipped: ${result.chromium.webgpuSkipped}`);
  if (!result.reference) console.log(`reference skipped: ${result.referenceSkipped}`);
  for (const line of comparisonLines(result)) console.log(line);
  console.log(result.pass ? '\nPASS' : '\nFAIL');
}
