import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GdwError, ParseError } from '../errors';
import { parseLightningMetrics } from './lightningMetrics';

// The CSVLogger layout: training rows every few steps, a validation row at some steps (its own
// row, same step), columns left empty where a call did not log them.
const LOG = [
  'epoch,step,train_loss,val_loss,val_recon_error',
  '0,9,0.94,,',
  '1,19,0.77,,',
  '1,19,,0.70,0.52',
  '2,29,0.64,,',
  '',
].join('\r\n');

function parseError(text: string): ParseError {
  try {
    parseLightningMetrics(text, 'metrics.csv');
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    return err as ParseError;
  }
  throw new Error('expected a ParseError');
}

describe('parseLightningMetrics', () => {
  it('merges rows by step and keeps each column as a series', () => {
    const log = parseLightningMetrics(LOG, 'metrics.csv');
    expect(log.columns).toEqual(['epoch', 'train_loss', 'val_loss', 'val_recon_error']);
    expect(log.steps).toEqual([9, 19, 29]);
    expect(log.series.train_loss).toEqual({ name: 'train_loss', steps: [9, 19, 29], values: [0.94, 0.77, 0.64] });
    expect(log.series.val_loss).toEqual({ name: 'val_loss', steps: [19], values: [0.7] });
    expect(log.series.val_recon_error.values).toEqual([0.52]);
    expect(log.series.epoch.values).toEqual([0, 1, 2]);
  });

  it('sorts steps, lets a later row win, and reads nan, inf and quoted fields', () => {
    const text = '"step","loss, total",epoch\n20,nan,1\n10,1.5e-1,0\n20,-inf,1\n30,"2",2\n';
    const log = parseLightningMetrics(text, 'metrics.csv');
    expect(log.steps).toEqual([10, 20, 30]);
    expect(log.series['loss, total'].values).toEqual([0.15, -Infinity, 2]);
  });

  it('keeps a column that was never logged as an empty series', () => {
    const log = parseLightningMetrics('step,train_loss,val_loss\n1,0.5,\n', 'metrics.csv');
    expect(log.series.val_loss).toEqual({ name: 'val_loss', steps: [], values: [] });
  });

  it('names the file and the line of a malformed row', () => {
    const short = parseError(`${LOG}2,39,0.5\n`);
    expect(short.location).toEqual({ file: 'metrics.csv', line: 6 });
    expect(short.message).toBe('line 6 of metrics.csv: expected 5 comma-separated fields (epoch,step,train_loss,val_loss,val_recon_error), found 3');
    const word = parseError('step,train_loss\n1,0.5\n2,abc\n');
    expect(word.message).toBe("line 3 of metrics.csv: train_loss = 'abc'; expected a number");
    expect(word.code).toBe('parse');
    expect(parseError('step,train_loss\n1.5,0.5\n').message).toBe("line 2 of metrics.csv: step = '1.5'; expected a whole number ≥ 0");
    expect(parseError('step,train_loss\n,0.5\n').location?.line).toBe(2);
    expect(parseError('step,train_loss\n1,"0.5\n').message).toMatch(/^line 2 of metrics\.csv: a quoted field is not closed/);
  });

  it('refuses a file that is not a metrics log', () => {
    expect(parseError('').message).toBe('metrics.csv is empty; expected a header line with a "step" column');
    expect(parseError('epoch,loss\n1,2\n').message).toMatch(/^line 1 of metrics\.csv: no "step" column \(found epoch, loss\)/);
    expect(parseError('step,loss,loss\n').message).toBe('line 1 of metrics.csv: column "loss" appears twice');
  });

  it('reads every demo backbone log with decreasing train loss', () => {
    const dir = 'models/demo';
    // A backbone's log folder sits beside its <family>.onnx (memorisation/ holds the memorisation-test pairs).
    const families = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(`${dir}/${d.name}.onnx`)).map((d) => d.name);
    expect(families.length).toBeGreaterThanOrEqual(6);
    for (const family of families) {
      let log;
      try {
        log = parseLightningMetrics(readFileSync(`${dir}/${family}/metrics.csv`, 'utf8'), `${family}/metrics.csv`);
      } catch (err) {
        throw new Error(`${family}: ${(err as GdwError).message}`);
      }
      const { steps, values } = log.series.train_loss;
      expect(steps.length, family).toBeGreaterThan(10);
      expect(log.series.val_loss.steps.length, family).toBeGreaterThan(0);
      // Diffusion losses fall; the GAN's critic loss falls below zero as the critic learns.
      expect(values[values.length - 1], family).toBeLessThan(values[0]);
    }
  });
});
