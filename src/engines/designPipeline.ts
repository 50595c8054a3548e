// The design runner the app's Design card and `gdw design` share (DESIGN.md "One pipeline per job").
// How to call it:
//   const { report, sets } = await runDesignPipeline({
//     cohort,                      // the encoded bundle in memory (DesignCohort; codec needed for the liability oracle and AF)
//     plan: defaultDesignSettings({ targetClass: 1, methods: ['activation', 'joint'] }),  // every setting, recorded in the report
//     backbone: { spec, sha256, engine },  // a loaded InferenceEngine (forward()); null runs activation maximisation only
//     training,                    // a TrainingEngine: trains the predictor and the oracle classifier, gives input gradients
//     truth,                       // parseCausalEffects(truth.json) or null: the true-liability oracle
//     generator: 'gdw design', signal, onLog, onProgress,
//   });
// Steps: refuse bad settings and inputs before any work; train the predictor on half of the real
// training samples and the oracle classifier on the other half (disjoint); run each method (progress
// per iteration, a trace point each); score before/after with intervals, realism, per-gene change and
// the fooled flag. A cancel keeps every method that finished and the designs of the one running.
import type { BackboneSpec } from '../core/backbone/spec';
import { defaultClassifierSpecs, type ClassifierKind } from '../core/classify/models';
import { checkActivationSettings, defaultActivationSettings, type RealReference } from '../core/design/activationMax';
import { DesignError, designProblems } from '../core/design/errors';
import { checkLatentSearchSettings, defaultLatentSearchSettings } from '../core/design/latentSearch';
import { createLiabilityOracle, type CausalEffect } from '../core/design/liabilityOracle';
import {
  DESIGN_REPORT_FORMAT, DESIGN_REPORT_VERSION, designMethods, type DesignMethod, type DesignReport, type DesignSettings, type DesignTracePoint, type MethodReport,
} from '../core/design/report';
import { sampleRoles } from '../core/encode/split';
import { fillNormal } from '../core/rng';
import { gatherRows } from '../core/store/rowData';
import { runActivationMethod, runGuidanceMethod, runJointMethod, type MethodContext, type MethodRun } from './designMethods';
import {
  fooledFlag, liabilityOf, measureRealism, perGeneChange, probabilityOf, scoreSet, type DesignScorers, type RealismReference,
} from './designScoring';
import type { InferenceEngine } from './inference';
import type { TrainingEngine } from './training';
import type { TranslationCohort } from './translationPipeline';
import { checkDesignInputs, splitForClassifiers, trainDesignClassifier } from './designInputs';

export { checkDesignInputs };

/** The real data in memory, as the translation pipeline takes it. */
export type DesignCohort = TranslationCohort;

export interface DesignBackbone {
  spec: BackboneSpec;
  sha256: string | null;
  engine: Pick<InferenceEngine, 'forward'>;
}

/** Progress keyed by status (STYLE.md 2); `point` is the trace point just measured (live plots). */
export type DesignProgress =
  | { status: 'initiate'; methods: DesignMethod[] }
  | { status: 'training'; classifier: 'predictor' | 'oracle' }
  | { status: 'progress'; method: DesignMethod; methodIndex: number; methodsTotal: number; iterationsDone: number; iterationsTotal: number; point: DesignTracePoint }
  | { status: 'scoring'; method: DesignMethod }
  | { status: 'done'; elapsedMs: number }
  | { status: 'cancelled'; methodsDone: number; elapsedMs: number };

/** Fraction in [0, 1]: methods share the bar equally, iterations fill each; classifier training counts as 0. */
export function designProgressFraction(event: DesignProgress, lastFraction = 0): number {
  switch (event.status) {
    case 'progress':
      return Math.max(lastFraction, (event.methodIndex + Math.min(1, event.iterationsDone / Math.max(1, event.iterationsTotal))) / event.methodsTotal);
    case 'done':
      return 1;
    default:
      return lastFraction;
  }
}

export interface DesignPipelineInput {
  cohort: DesignCohort;
  plan: DesignSettings;
  backbone: DesignBackbone | null;
  training: TrainingEngine;
  truth: CausalEffect[] | null;
  generator: string;
  signal?: AbortSignal;
  onLog?: (line: string) => void;
  onProgress?: (event: DesignProgress) => void;
}

/** One method's sets: the starting samples and the designs [count, G, C] (export them like generated sets). */
export interface DesignSet {
  method: DesignMethod;
  count: number;
  before: Float32Array;
  designs: Float32Array;
}

export interface DesignPipelineResult {
  report: DesignReport;
  sets: DesignSet[];
}

/** Every setting with its default; targetClass and methods are the caller's. */
export function defaultDesignSettings(choice: { targetClass: number; methods: DesignMethod[] }): DesignSettings {
  return {
    methods: choice.methods, targetClass: choice.targetClass, designs: 32, seed: 1, start: 'real', objective: 'logit',
    activation: { ...defaultActivationSettings }, latent: { ...defaultLatentSearchSettings },
    guidance: { scale: 1, steps: 25, eta: 0 },
    predictor: { kind: 'mlp', epochs: 30 }, oracleClassifier: { kind: 'mlp', epochs: 30 },
    bootstrap: { resamples: 1000, level: 0.95 }, topGenes: 10,
  };
}

/** Refuses settings out of range, naming each. */
export function checkDesignSettings(s: DesignSettings): void {
  const problems = [
    s.methods.length === 0 && 'no method chosen; expected one or more of activation, joint, guidance',
    s.methods.some((m) => !(Object.values(designMethods) as string[]).includes(m)) && `methods ${s.methods.join(', ')}; expected activation, joint or guidance`,
    !(Number.isInteger(s.designs) && s.designs >= 1 && s.designs <= 4096) && `designs = ${s.designs}; expected a whole number from 1 to 4096`,
    !(Number.isSafeInteger(s.seed) && s.seed >= 0) && `seed = ${s.seed}; expected a whole number ≥ 0`,
    !(Number.isFinite(s.guidance.scale) && s.guidance.scale >= 0 && s.guidance.scale <= 1000) && `guidance scale = ${s.guidance.scale}; expected a number from 0 to 1000`,
    !(Number.isInteger(s.guidance.steps) && s.guidance.steps >= 1) && `guidance steps = ${s.guidance.steps}; expected a whole number ≥ 1`,
    !(s.guidance.eta >= 0 && s.guidance.eta <= 1) && `guidance η = ${s.guidance.eta}; expected a number from 0 to 1`,
    !(s.predictor.kind in defaultClassifierSpecs) && `predictor ${s.predictor.kind}; expected mlp, cnn or transformer`,
    s.oracleClassifier !== null && !(s.oracleClassifier.kind in defaultClassifierSpecs) && `oracle classifier ${s.oracleClassifier.kind}; expected mlp, cnn or transformer`,
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) throw new DesignError(designProblems.badSetting, problems.join('; '));
  if (s.methods.includes('activation')) checkActivationSettings({ ...s.activation, targetClass: s.targetClass });
  if (s.methods.includes('joint')) checkLatentSearchSettings({ ...s.latent, seed: s.seed });
}

const gather = (cohort: DesignCohort, rows: ArrayLike<number>) => gatherRows(cohort.tensor, cohort.shape.genes * cohort.shape.channels, rows);

/** Activation maximisation's start: holdout samples not of the target class (seen by neither classifier), or noise. */
function activationStart(cohort: DesignCohort, plan: DesignSettings): { start: Float32Array; from: string } {
  const dims = cohort.shape.genes * cohort.shape.channels;
  if (plan.start === 'noise') {
    const x = new Float32Array(plan.designs * dims);
    for (let d = 0; d < plan.designs; d++) fillNormal(x, d * dims, dims, { seed: plan.seed, stream: 0xd5, sampleIndex: d, step: 0 });
    for (let i = 0; i < x.length; i++) if (cohort.mask[i % dims] === 0) x[i] = 0;
    return { start: x, from: `N(0, I) on the real slots (seed ${plan.seed})` };
  }
  const rows = [...cohort.labels.keys()].filter((i) => cohort.roles[i] === sampleRoles.holdout && cohort.labels[i] >= 0 && cohort.labels[i] !== plan.targetClass);
  if (rows.length === 0) throw new DesignError(designProblems.tooFewSamples, `no holdout sample outside the target class ${plan.targetClass} to start from; start from noise instead`);
  const chosen = rows.slice(0, plan.designs);
  return { start: gather(cohort, chosen), from: `${chosen.length} real holdout samples not of the target class` };
}

/** Runs one method on what it needs. */
async function runMethod(method: DesignMethod, ctx: MethodContext, input: DesignPipelineInput, reference: RealReference): Promise<MethodRun> {
  const { backbone, cohort, plan } = input;
  if (method === 'activation') {
    const { start, from } = activationStart(cohort, plan);
    return runActivationMethod(ctx, start, from, reference);
  }
  const { spec, engine } = backbone as DesignBackbone;
  const labels = spec.labelInput ? new Int32Array(plan.designs).fill(plan.targetClass) : null;
  return method === 'joint' ? runJointMethod(ctx, engine, spec, labels) : runGuidanceMethod(ctx, engine, spec, labels);
}

/** Scores a finished method run into its report section. */
async function reportMethod(run: MethodRun, scorers: DesignScorers, realism: RealismReference, input: DesignPipelineInput, elapsedMs: number): Promise<MethodReport> {
  const { plan, cohort } = input;
  const boot = { ...plan.bootstrap, seed: plan.seed };
  const before = await scoreSet(scorers, run.before, boot);
  const after = await scoreSet(scorers, run.after, boot);
  return {
    method: run.method, status: run.status, startedFrom: run.startedFrom, iterationsDone: run.iterationsDone, optimiser: run.optimiser, trace: run.trace,
    before, after, realismBefore: await measureRealism(realism, run.before, boot), realismAfter: await measureRealism(realism, run.after, boot),
    perGene: perGeneChange(run.before, run.after, realism, cohort.geneNames, plan.topGenes, boot),
    fooled: fooledFlag(before, after), elapsedMs,
  };
}

/** The oracles' means on the real training samples of the target class and of the others (the scale to read designs against). */
async function referenceScores(scorers: DesignScorers, cohort: DesignCohort, trainRows: number[], targetClass: number): Promise<DesignReport['realReference']> {
  const meanOf = (v: Float64Array) => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
  const side = async (rows: number[]) => {
    const x = gather(cohort, rows);
    return { liability: scorers.liability ? meanOf(scorers.liability(x)) : null, oracleClassifier: scorers.oracleClassifier ? meanOf(await scorers.oracleClassifier(x)) : null };
  };
  const labelled = trainRows.filter((i) => cohort.labels[i] >= 0);
  return { target: await side(labelled.filter((i) => cohort.labels[i] === targetClass)), others: await side(labelled.filter((i) => cohort.labels[i] !== targetClass)) };
}

export async function runDesignPipeline(input: DesignPipelineInput): Promise<DesignPipelineResult> {
  const { cohort, plan, backbone, training, signal } = input;
  const log = input.onLog ?? (() => {});
  const started = Date.now();
  // 1. Every refusal before any work.
  checkDesignSettings(plan);
  checkDesignInputs(cohort, plan, backbone?.spec ?? null);
  input.onProgress?.({ status: 'initiate', methods: plan.methods });
  // 2. The predictor and the oracle classifier, on disjoint halves of the real training samples.
  const halves = splitForClassifiers(cohort, plan.seed);
  input.onProgress?.({ status: 'training', classifier: 'predictor' });
  const predictor = await trainDesignClassifier(training, cohort, halves.predictor, plan.predictor.kind as ClassifierKind, plan.predictor.epochs, plan.seed, 'design predictor');
  const oracle = plan.oracleClassifier
    ? (input.onProgress?.({ status: 'training', classifier: 'oracle' }),
      await trainDesignClassifier(training, cohort, halves.oracle, plan.oracleClassifier.kind as ClassifierKind, plan.oracleClassifier.epochs, plan.seed + 1, 'design oracle'))
    : null;
  log(`predictor (${plan.predictor.kind}, ${halves.predictor.length} real samples): holdout balanced accuracy ${predictor.holdoutBalancedAccuracy?.toFixed(3) ?? 'n/a'}`);
  if (oracle) log(`oracle classifier (${oracle.kind}, ${halves.oracle.length} disjoint real samples): holdout balanced accuracy ${oracle.holdoutBalancedAccuracy?.toFixed(3) ?? 'n/a'}`);
  try {
    // 3. The scorers and the real reference.
    const shape = { genes: cohort.shape.genes, channels: cohort.shape.channels };
    const liability = input.truth && cohort.codec ? createLiabilityOracle(cohort.codec, input.truth) : null;
    if (liability && liability.unmatched.length > 0) log(`warning: ${liability.unmatched.length} causal SNPs of the truth file are not in the codec: ${liability.unmatched.slice(0, 5).join(', ')}`);
    const scorers: DesignScorers = {
      shape, targetClass: plan.targetClass,
      predictor: probabilityOf(training, predictor.modelId, shape, plan.targetClass),
      oracleClassifier: oracle ? probabilityOf(training, oracle.modelId, shape, plan.targetClass) : null,
      liability: liability ? liabilityOf(liability, shape) : null,
    };
    const trainRows = [...cohort.roles.keys()].filter((i) => cohort.roles[i] === sampleRoles.train);
    const real = gather(cohort, trainRows);
    const realism: RealismReference = { real, mask: cohort.mask, shape, codec: cohort.codec };
    const reference: RealReference = { data: real, count: trainRows.length, mask: cohort.mask };
    const realReference = await referenceScores(scorers, cohort, trainRows, plan.targetClass);
    // 4. Each method in turn; a cancel keeps what finished and the running method's designs so far.
    const methods: MethodReport[] = [];
    const sets: DesignSet[] = [];
    for (const [methodIndex, method] of plan.methods.entries()) {
      if (signal?.aborted) break;
      const methodStarted = Date.now();
      const ctx: MethodContext = {
        settings: plan, scorers, training, predictorId: predictor.modelId, mask: cohort.mask, signal,
        onPoint: (point, iterationsTotal) => input.onProgress?.({
          status: 'progress', method, methodIndex, methodsTotal: plan.methods.length, iterationsDone: point.iteration, iterationsTotal, point,
        }),
      };
      const run = await runMethod(method, ctx, input, reference);
      input.onProgress?.({ status: 'scoring', method });
      methods.push(await reportMethod(run, scorers, realism, input, Date.now() - methodStarted));
      sets.push({ method, count: run.after.length / (shape.genes * shape.channels), before: run.before, designs: run.after });
      log(`${method}: ${run.status} after ${run.iterationsDone} of ${run.iterationsTotal} iterations`);
    }
    const cancelled = signal?.aborted === true;
    const elapsedMs = Date.now() - started;
    input.onProgress?.(cancelled ? { status: 'cancelled', methodsDone: methods.length, elapsedMs } : { status: 'done', elapsedMs });
    const report: DesignReport = {
      format: DESIGN_REPORT_FORMAT, version: DESIGN_REPORT_VERSION, generator: input.generator, status: cancelled ? 'cancelled' : 'done',
      backbone: backbone ? { file: backbone.spec.fileName, sha256: backbone.sha256, kind: backbone.spec.kind } : null,
      data: {
        codecSha256: cohort.codecSha256, targetClass: { index: plan.targetClass, name: cohort.classNames[plan.targetClass] ?? `class ${plan.targetClass}` },
        predictorTrainedOn: halves.predictor.length, oracleTrainedOn: oracle ? halves.oracle.length : 0,
      },
      realReference,
      settings: plan,
      classifiers: { predictorHoldoutBalancedAccuracy: predictor.holdoutBalancedAccuracy, oracleHoldoutBalancedAccuracy: oracle?.holdoutBalancedAccuracy ?? null },
      methods, elapsedMs,
    };
    return { report, sets };
  } finally {
    training.disposeModel(predictor.modelId);
    if (oracle) training.disposeModel(oracle.modelId);
  }
}
