// Small fixtures for the session tests (Node, no browser): a generated set and a snapshot that
// hold typed arrays, NaN and an imported loss curve, the values a session must carry unchanged.
import type { BackboneSpec } from '../../core/backbone/spec';
import { parseLightningMetrics } from '../../core/curves/lightningMetrics';
import type { SyntheticSet, SyntheticSetArrays } from '../sampleSets';
import { getSessionSnapshot, type SessionSnapshot } from '../store/session';
import { initialWorkbenchState, type BackboneId, type GenerationSummary } from '../store/state';

export const userSha = '12'.repeat(32);
export const codecSha = '2c421fd51f97'.padEnd(64, '0');

export function createSetFixture(id = `file:${userSha.slice(0, 12)}`, labelled = true): SyntheticSetArrays {
  const [count, genes, channels] = [3, 4, 2];
  const samples = Float32Array.from({ length: count * genes * channels }, (_, i) => Math.fround(Math.sin(i) * 1e-3 + i));
  samples[5] = NaN;
  return {
    backboneId: id as BackboneId, version: 1, samples, count, genes, channels, labels: labelled ? Int32Array.from([0, 1, 0]) : null,
    request: { count, genes, channels, sampler: 'ddim', steps: 5, eta: 0, seed: 3, batchSize: 2, mask: Uint8Array.from([1, 1, 1, 1, 1, 1, 0, 0]) },
    executionProvider: 'wasm', elapsedMs: 12.5,
    spec: { fileName: 'mine.onnx', genes, channels, realGenes: 3, metadata: { 'gdw.family': 'other' } } as unknown as BackboneSpec,
    file: { name: 'mine.onnx', sha256: userSha, bytes: 4096 },
  };
}

export function createSummaryFixture(set: SyntheticSet): GenerationSummary {
  return {
    backboneId: set.backboneId, fileName: set.file.name, backboneKind: 'diffusion', count: set.count, genes: set.genes, channels: set.channels,
    classCounts: [2, 1], realSlotRms: NaN, nonFiniteCount: 1, request: set.request, elapsedMs: set.elapsedMs, executionProvider: 'wasm',
  };
}

export function createSnapshotFixture(sets: SyntheticSet[]): SessionSnapshot {
  const state = {
    ...initialWorkbenchState,
    settings: { ...initialWorkbenchState.settings, seed: '9' },
    syntheticSets: Object.fromEntries(sets.map((set) => [set.backboneId, createSummaryFixture(set)])),
    lossCurves: [{ backboneId: 'import:run' as BackboneId, family: 'imported', log: parseLightningMetrics('step,train_loss\n1,nan\n2,0.4\n', 'm.csv') }],
  };
  return getSessionSnapshot(state);
}
