// Gunzip benchmark (issue 16): the readers' CRC-checked gunzip (src/core/genotype/gzip.ts,
// DecompressionStream per member where the platform has it, else fflate) against Node's zlib on
// the same .gz file, streamed from disk in the readers' 64 KiB chunks. The fflate fallback is timed
// too, with DecompressionStream hidden.
//   node bench/gunzip.mjs FILE.gz [--repeats 3]
// Speed is reported as a ratio to zlib in the same run, never asserted; CPU time (all threads:
// Node's zlib inflates on its thread pool) moves less with the machine's load than wall time.
import { createReadStream, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { parseArgs } from 'node:util';
import { cpuUsage, hrtime } from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { maybeGunzip } = await import(process.env.GDW_GUNZIP_MODULE ?? '../src/core/genotype/gzip.ts');
const { values, positionals } = parseArgs({ allowPositionals: true,
  options: { repeats: { type: 'string', default: '3' } } });
const file = positionals[0];
if (!file) throw new Error('usage: node bench/gunzip.mjs FILE.gz [--repeats N]');
const platformInflater = globalThis.DecompressionStream;
const chunks = () => createReadStream(file, { highWaterMark: 1 << 16 });

async function timed(label, run) {
  const cpu = cpuUsage();
  const start = hrtime.bigint();
  const bytesOut = await run();
  const wallS = Number(hrtime.bigint() - start) / 1e9;
  const used = cpuUsage(cpu);
  return { label, bytesOut, wallS, cpuS: (used.user + used.system) / 1e6 };
}

const gdw = (label, inflater) => () => timed(label, async () => {
  globalThis.DecompressionStream = inflater;
  let n = 0;
  try {
    for await (const piece of maybeGunzip(chunks(), file)) n += piece.length;
  } finally {
    globalThis.DecompressionStream = platformInflater;
  }
  return n;
});
const ours = gdw('gdw', platformInflater);
const fallback = gdw('gdw fflate', undefined);
const zlib = () => timed('node zlib', async () => {
  let n = 0;
  for await (const piece of chunks().pipe(createGunzip())) n += piece.length;
  return n;
});

const best = {};
for (let r = 0; r < Number(values.repeats); r++) {
  for (const run of [ours, fallback, zlib]) {
    const t = await run();
    const b = best[t.label];
    if (!b || t.cpuS < b.cpuS) best[t.label] = t;
  }
}
const inMb = statSync(file).size / 1e6;
console.log(`${file}: ${inMb.toFixed(1)} MB gzip → ${(best['node zlib'].bytesOut / 1e6).toFixed(1)} MB, best of ${values.repeats}`);
for (const t of Object.values(best)) {
  console.log(`${t.label.padEnd(11)} wall ${t.wallS.toFixed(2)} s  cpu ${t.cpuS.toFixed(2)} s  ` +
    `${(t.bytesOut / 1e6 / t.cpuS).toFixed(0)} MB/s out per cpu-s`);
}
const z = best['node zlib'];
for (const o of [best.gdw, best['gdw fflate']]) {
  if (o.bytesOut !== z.bytesOut) throw new Error(`${o.label}: output differs: ${o.bytesOut} vs ${z.bytesOut} bytes`);
  console.log(`${o.label}/zlib: wall ${(o.wallS / z.wallS).toFixed(2)}×, cpu ${(o.cpuS / z.cpuS).toFixed(2)}×`);
}
