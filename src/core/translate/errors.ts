// Why a class translation was refused: one typed error with a `problem` the UI and tests switch on
// (the message names the thing and what was expected). It is an invalid request, so it crosses a
// worker boundary as code 'invalid-request' with its message intact.
import { InvalidRequestError } from '../errors';

export const translationProblems = {
  /** The backbone takes no class label: there is nothing to translate between. */
  unconditionalBackbone: 'unconditional-backbone',
  /** The samples were encoded with another codec, or have another [G, C], than the backbone was trained on. */
  wrongEncoding: 'wrong-encoding',
  /** The data or the backbone has a single class, or source and target are the same class. */
  oneClass: 'one-class',
  /** A class number outside the backbone's classes. */
  classOutOfRange: 'class-out-of-range',
  /** The inversion depth t* is outside 1 … T. */
  depthOutOfRange: 'depth-out-of-range',
  /** DDIM steps outside 1 … t*, or another setting out of its range. */
  badSetting: 'bad-setting',
  /** No chosen sample belongs to the source class. */
  noSourceSamples: 'no-source-samples',
} as const;
export type TranslationProblem = (typeof translationProblems)[keyof typeof translationProblems];

export class TranslationError extends InvalidRequestError {
  readonly problem: TranslationProblem;

  constructor(problem: TranslationProblem, message: string) {
    super(message);
    this.name = 'TranslationError';
    this.problem = problem;
  }
}
