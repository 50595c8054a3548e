// Cancel between denoiser calls: a step-loop denoiser runs its steps in read-back runs (same
// result as one run), a cancel acts between runs, and the CPU loop lets the thread's message loop
// run so that an abort posted meanwhile arrives (as a worker's cancel message does).
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../errors';
import { ddpmSteps } from './ddpm';
import { denoiseBatch, type StepLoopDenoiser } from './denoiseLoop';
import { createSchedule } from './schedule';
import type { Denoiser, TensorShape } from './types';

const schedule = createSchedule({ kind: 'linear', timesteps: 60 });
const steps = ddpmSteps(schedule);
const shape: TensorShape = { batch: 2, genes: 3, channels: 2 };
const x = Float32Array.from({ length: 12 }, (_, i) => (i - 6) / 4);
const noise = { seed: 5, firstSample: 0 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** ε̂ = x/2: any fixed function will do. */
const plain: Denoiser = { prediction: 'eps', predict: async (input) => input.map((v) => v / 2) };

/** A step loop that runs each run of steps through the CPU loop of `plain`, taking `msPerStep` each, recording its runs. */
function stepLoop(msPerStep: number, runs: number[]): StepLoopDenoiser {
  return {
    ...plain,
    async runSteps(s, start, runShape, run, inputs) {
      runs.push(run.length);
      await sleep(msPerStep * run.length);
      return denoiseBatch(plain, s, start, runShape, run, { noise, onStep: inputs.onStep });
    },
  };
}

describe('denoiseBatch with a step-loop denoiser', () => {
  it('runs the steps in read-back runs that start at one step, with the result of one run (exact)', async () => {
    const runs: number[] = [];
    const stepIndices: number[] = [];
    const inRuns = await denoiseBatch(stepLoop(20, runs), schedule, x, shape, steps, { noise, onStep: (i) => stepIndices.push(i) });
    const whole = await denoiseBatch(plain, schedule, x, shape, steps, { noise });
    expect(Array.from(inRuns)).toEqual(Array.from(whole));
    expect(runs[0]).toBe(1);
    expect(runs.length).toBeGreaterThan(2);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(steps.length);
    expect(stepIndices).toEqual(steps.map((_, i) => i));
  });

  it('acts on a cancel between runs: within about a run (250 ms), not at the end of the batch', async () => {
    const runs: number[] = [];
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    const run = denoiseBatch(stepLoop(40, runs), schedule, x, shape, steps, { noise, signal: controller.signal });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    // 60 steps × 40 ms = 2.4 s in all; the cancel lands after the run under way (≤ ~250 ms of steps).
    expect(Date.now() - started).toBeLessThan(700);
    expect(runs.reduce((a, b) => a + b, 0)).toBeLessThan(steps.length);
  });
});

describe('denoiseBatch on the CPU', () => {
  it('lets an abort posted while it runs arrive, though every call resolves at once', async () => {
    let calls = 0;
    // Each call blocks the thread for 2 ms and resolves as a microtask: without a yield no timer could fire.
    const busy: Denoiser = {
      prediction: 'eps',
      predict: async (input) => {
        calls++;
        const until = Date.now() + 2;
        while (Date.now() < until) { /* busy */ }
        return input.map((v) => v / 2);
      },
    };
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const many = [...steps, ...steps, ...steps, ...steps, ...steps];
    await expect(denoiseBatch(busy, schedule, x, shape, many, { noise, signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
    expect(calls).toBeLessThan(many.length / 2);
  });
});
