// Why a design run was refused or stopped: one typed error with a `problem` the UI and tests switch
// on (the message names the setting or input and what was expected). It is an invalid request, so
// it crosses a worker boundary as code 'invalid-request' with its message intact.
import { InvalidRequestError } from '../errors';

export const designProblems = {
  /** No predictor (classifier) is trained: activation maximisation, the joint method and guidance all need one. */
  noClassifier: 'no-classifier',
  /** The backbone lacks the input a method needs: a latent z (joint), a denoiser (guidance), a class label (class-conditional baseline). */
  missingInput: 'missing-input',
  /** A step size, penalty, scale, iteration count or other setting outside its range. */
  badSetting: 'bad-setting',
  /** The target class is not one of the predictor's classes. */
  classOutOfRange: 'class-out-of-range',
  /** A gradient or an objective came back NaN or infinite. */
  nonFinite: 'non-finite',
  /** The samples have another [G, C] or codec than the backbone or the classifier expects. */
  wrongEncoding: 'wrong-encoding',
  /** No real sample to start from, or too few to train the predictor and the oracle on disjoint halves. */
  tooFewSamples: 'too-few-samples',
} as const;
export type DesignProblem = (typeof designProblems)[keyof typeof designProblems];

export class DesignError extends InvalidRequestError {
  readonly problem: DesignProblem;

  constructor(problem: DesignProblem, message: string) {
    super(message);
    this.name = 'DesignError';
    this.problem = problem;
  }
}

/** Throws DesignError 'non-finite' naming `what` and the first bad index unless every value is finite. */
export function checkFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new DesignError(designProblems.nonFinite, `${what}[${i}] is ${values[i]}; expected a finite number (lower the step size or the scale)`);
    }
  }
}
