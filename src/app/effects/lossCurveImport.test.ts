import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getDefaultRunName, readTrainingLog } from './lossCurveImport';

const tfevents = new Uint8Array(readFileSync('src/core/curves/fixtures/events.out.tfevents.test'));

describe('readTrainingLog', () => {
  it('reads a TensorBoard event file by its name or by its TFRecord header', () => {
    const byName = readTrainingLog(tfevents, 'events.out.tfevents.test');
    const byBytes = readTrainingLog(tfevents, 'run-log.bin');
    expect(byName.series.train_loss.steps.length).toBeGreaterThan(0);
    expect(byBytes.series).toEqual(byName.series);
  });

  it('reads anything else as a Lightning metrics.csv', () => {
    const csv = new TextEncoder().encode('epoch,step,train_loss,val_loss\n0,10,1.5,\n0,10,,1.25\n');
    const log = readTrainingLog(csv, 'metrics.csv');
    expect(log.series.train_loss.values).toEqual([1.5]);
    expect(log.series.val_loss.values).toEqual([1.25]);
  });

  it('names a run after its file without the last extension', () => {
    expect(getDefaultRunName('metrics.csv')).toBe('metrics');
    expect(getDefaultRunName('events.out.tfevents.123.host')).toBe('events.out.tfevents.123');
    expect(getDefaultRunName('.hidden')).toBe('.hidden');
  });
});
