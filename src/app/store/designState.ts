// The Design card's slice of the workbench state (plain data): its form as typed, the run with the
// trace points measured so far (live plots), the last outcome and the truth file. Split from
// state.ts, which re-exports it.
import type { DesignMethod, DesignReport, DesignStart, DesignTracePoint } from '../../core/design/report';

/** The Design card's form as typed; parsed into the design pipeline's settings (effects/designRequest.ts). */
export interface DesignForm {
  /** A loaded backbone for the joint method (GAN generator) or guidance (diffusion); '' runs activation maximisation only. */
  backboneId: string;
  activation: boolean;
  joint: boolean;
  guidance: boolean;
  targetClass: string;
  /** Designs per method. */
  designs: string;
  start: DesignStart;
  /** Activation maximisation: gradient steps, step size η, realism weight λ. */
  iterations: string;
  stepSize: string;
  realismWeight: string;
  /** The joint method: ES generations, candidates per design, σ₀. */
  generations: string;
  population: string;
  sigma: string;
  /** Classifier guidance: scale s and DDIM steps. */
  guidanceScale: string;
  guidanceSteps: string;
  seed: string;
  /** Epochs of the predictor and of the oracle classifier (MLPs on disjoint halves of the real training split). */
  epochs: string;
}

export type DesignStage = 'classifiers' | DesignMethod | 'scoring';

/** One trace point as it arrives: the live oracle-vs-iteration figure. */
export interface LiveDesignPoint {
  method: DesignMethod;
  point: DesignTracePoint;
}

/** One design run at a time: the classifiers train, then each method iterates, then its designs are scored. */
export type DesignRunState =
  | { status: 'idle' }
  | {
    status: 'running'; runId: number; backboneId: string | null; stage: DesignStage; fraction: number;
    iterationsDone: number; iterationsTotal: number; points: LiveDesignPoint[];
  }
  /** `cancelled` after a Cancel: the outcome shows the methods that finished and the running one's designs so far. */
  | { status: 'done' | 'cancelled' | 'failed'; runId: number; backboneId: string | null };

/** A finished (or cancelled, partial) design run: the pipeline's report; the designed sets are held in effects/design.ts. */
export interface DesignOutcome {
  runId: number;
  backboneId: string | null;
  report: DesignReport;
  /** The truth file the liability oracle came from, if any. */
  truthFile: string | null;
  log: string[];
}

export const defaultDesignForm: DesignForm = {
  backboneId: '',
  activation: true,
  joint: false,
  guidance: false,
  targetClass: '1',
  designs: '32',
  start: 'real',
  iterations: '50',
  stepSize: '0.05',
  realismWeight: '1',
  generations: '30',
  population: '16',
  sigma: '0.5',
  guidanceScale: '1',
  guidanceSteps: '25',
  seed: '1',
  epochs: '30',
};
