// TensorBoard's scalar smoothing: an exponential moving average started at 0 and debiased like
// Adam's moment estimates (TensorBoard, tensorboard/components/vz_line_chart2/line-chart.ts):
//   last_i = w · last_{i−1} + (1 − w) · x_i,  last_{−1} = 0,   smoothed_i = last_i / (1 − w^(i+1)),
// where i counts finite values only. A non-finite value is passed through and leaves the average as
// it was; a constant series is returned as it is (TensorBoard does the same, so a flat line stays flat).
import { InvalidRequestError } from '../errors';

/** Smoothed copy of `values` with weight w in [0, 1): 0 returns the data, 0.99 is very smooth. */
export function smoothDebiasedEma(values: readonly number[], weight: number): number[] {
  if (!(weight >= 0 && weight < 1)) {
    throw new InvalidRequestError(`smoothing weight = ${weight}; expected a number from 0 up to (not including) 1`);
  }
  const isConstant = values.every((v) => v === values[0]);
  if (isConstant) return values.slice();
  let last = 0;
  let finiteCount = 0;
  return values.map((x) => {
    if (!Number.isFinite(x)) return x;
    last = last * weight + (1 - weight) * x;
    finiteCount++;
    return last / (1 - weight ** finiteCount);
  });
}
