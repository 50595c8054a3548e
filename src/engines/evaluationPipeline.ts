// The one evaluation pipeline (issue 11): every step of an evaluation over the engine
// interfaces, shared by the app (engines in workers) and `gdw evaluate` (the same engines in
// Node). Per backbone: open it, take its set as given or generate it, generate its TSTR
// training set, run the reconstruction curve and validation loss on the real holdout, close it,
// then the sample-set metrics; then one cosine UMAP of every set; then TSTR; then the report.
// The shells only gather inputs (the app from its store and workers, the CLI from its flags and
// files), so the same inputs and seed give the same report from both.
import type { BackboneSpec } from '../core/backbone/spec';
import { defaultBootstrapSettings } from '../core/classify/evaluate';
import { defaultClassifierSpecs } from '../core/classify/models';
import { defaultTrainSettings } from '../core/classify/train';
import type { EvaluationSet } from '../core/diffusion/evaluate';
import type { SampleRequest } from '../core/diffusion/sampler';
import { InvalidRequestError } from '../core/errors';
import { checkCodec, checkShape, classLabelsInBalance, classLabelsInTurn, countClasses, summarizeSpec } from '../core/report/plan';
import { validationLossSection } from '../core/report/sections';
import {
  REPORT_FORMAT, REPORT_VERSION, type BackboneReport, type EvaluationReport, type EvaluationSettings,
  type GenerationSection, type ImportedSetReport, type TstrRun, type TstrSection,
} from '../core/report/types';
import type { RowData } from '../core/store/rowData';
import type { RealSetsInput, SampleSetData } from './evaluation';
import {
  bundleSummaryOf, classCountOf, labelledSetOf, realSetsOf, tstrLabelsOf, type EvaluationCohort,
} from './evaluationCohort';
import { evaluationProgressFraction } from './evaluation';
import {
  tstrTrainingSets, type EvaluatedLatentSet, type EvaluationPlan, type OpenedBackbone, type PipelineBackbone, type PipelineInput,
} from './evaluationPipelineTypes';
import { generateSet } from './generateSet';
import { progressFraction } from './progress';
import { trainingProgressFraction } from './training';
import { nameOf, Run } from './pipelineRun';

export * from './evaluationPipelineTypes';


/** What the later steps (settings block, TSTR) need of each evaluated set. */
interface Working {
  id: string;
  count: number;
  generation: GenerationSection;
  tstrSet: { data: RowData; labels: Int32Array } | { reason: string } | null;
}

/** Labels for a generated set: the holdout's class balance, or classes in turn without a labelled holdout. */
function generationLabels(holdoutLabels: Int32Array, count: number, numClasses: number): Int32Array {
  const perClass = countClasses(holdoutLabels, numClasses);
  return perClass.some((n) => n > 0) ? classLabelsInBalance(perClass, count) : classLabelsInTurn(count, numClasses);
}

/** The holdout's own labels for the curves, or classes in turn where a sample has none. */
function curveLabels(holdoutLabels: Int32Array, numClasses: number): Int32Array {
  return holdoutLabels.every((l) => l >= 0 && l < numClasses) ? holdoutLabels : classLabelsInTurn(holdoutLabels.length, numClasses);
}

function generationSection(
  spec: BackboneSpec, request: SampleRequest,
  result: { count: number; labels: Int32Array | null; executionProvider: string; elapsedMs: number; version?: number }, classes: number,
): GenerationSection {
  const ddim = request.sampler === 'ddim';
  const gan = spec.kind === 'gan-generator';
  return {
    count: result.count, classCounts: result.labels ? countClasses(result.labels, spec.numClasses ?? classes) : null,
    // A GAN generator makes each sample in one forward pass: the request's sampler fields go unused.
    sampler: gan ? 'gan' : request.sampler,
    steps: gan ? 1 : ddim ? request.steps ?? 50 : spec.schedule.timesteps, eta: ddim && !gan ? request.eta ?? 0 : null,
    seed: request.seed, batchSize: request.batchSize ?? result.count,
    executionProvider: result.executionProvider, elapsedMs: result.elapsedMs,
    ...(result.version === undefined ? {} : { setVersion: result.version }),
  };
}

/** The settings block of the report: what every number was computed with. */
function settingsOf(plan: EvaluationPlan, sets: Working[]): EvaluationSettings {
  const counts = sets.map((s) => s.count);
  const first = sets[0].generation;
  const givenRule = counts.every((n) => n === counts[0])
    ? 'as generated in the Generate panel' : `as generated in the Generate panel (${counts.join(', ')}; the smallest is shown)`;
  return {
    seed: plan.seed,
    samplesPerSet: plan.generation?.count ?? Math.min(...counts),
    samplesPerSetRule: plan.generation?.rule ?? givenRule,
    sampler: plan.generation
      ? { kind: plan.generation.sampler, steps: plan.generation.steps, eta: plan.generation.eta, batchSize: plan.generation.batchSize }
      : { kind: first.sampler, steps: first.steps, eta: first.eta ?? 0, batchSize: first.batchSize },
    reconstruction: { ...plan.reconstruction },
    validationLoss: { ...plan.validationLoss },
    metrics: plan.metrics,
    umap: plan.umap,
  };
}


async function openChecked(backbone: PipelineBackbone, cohort: EvaluationCohort, run: Run): Promise<OpenedBackbone & { codecCheck: BackboneReport['codecCheck'] }> {
  const opened = await backbone.open();
  const codecCheck = checkCodec(opened.spec, cohort.codecSha256);
  checkShape(opened.spec, cohort.shape.genes, cohort.shape.channels);
  if (codecCheck.status === 'absent') {
    run.warn(`${nameOf(backbone)} (${opened.spec.fileName}) names no codec (gdw.codec_sha256): it may have been trained on another encoding of these genes`);
  }
  return { ...opened, codecCheck };
}

/** The set to evaluate: as given, or generated in the holdout's class balance. */
async function evaluatedSet(
  backbone: PipelineBackbone, opened: OpenedBackbone, input: PipelineInput, holdoutLabels: Int32Array, run: Run,
): Promise<{ samples: RowData; count: number; labels: Int32Array | null; generation: GenerationSection; request: SampleRequest }> {
  const { spec } = opened;
  const classes = classCountOf(input.cohort);
  if (backbone.given) {
    const { given } = backbone;
    return { ...given, generation: generationSection(spec, given.request, given, classes) };
  }
  const generation = input.plan.generation;
  if (!generation) throw new InvalidRequestError(`${nameOf(backbone)}: no set was given and the plan generates none`);
  if (!opened.engine) throw new InvalidRequestError(`${nameOf(backbone)}: not loaded, so nothing can be generated (${opened.unloadedReason ?? 'load it'})`);
  const labels = spec.labelInput ? generationLabels(holdoutLabels, generation.count, spec.numClasses ?? classes) : null;
  const request: SampleRequest = {
    count: generation.count, genes: input.cohort.shape.genes, channels: input.cohort.shape.channels, sampler: generation.sampler,
    steps: generation.steps, eta: generation.eta, seed: input.plan.seed, batchSize: generation.batchSize, classLabels: labels, mask: input.cohort.mask,
  };
  run.log(`  [${nameOf(backbone)}] generating ${generation.count} samples (${generation.sampler}${generation.sampler === 'ddim' ? `, ${generation.steps} steps` : ''})`);
  run.waitingOn(opened.engine);
  const say = run.say(`generating ${nameOf(backbone)}`);
  const { samples, result } = await generateSet(opened.engine, request, input.store, `generated/${backbone.id}`, (e) => say(0.5 * progressFraction(e)), run);
  return {
    samples, count: result.count, labels, request,
    generation: generationSection(spec, request, { count: result.count, labels, executionProvider: result.executionProvider, elapsedMs: result.elapsedMs }, classes),
  };
}

/** The TSTR training set of one backbone, by the plan's protocol; null when TSTR is off. */
async function tstrSetOf(
  backbone: PipelineBackbone, opened: OpenedBackbone, evaluated: { samples: RowData; labels: Int32Array | null; request: SampleRequest },
  tstrLabels: Int32Array | null, input: PipelineInput, run: Run,
): Promise<Working['tstrSet']> {
  if (!tstrLabels || input.plan.tstr.classifiers.length === 0) return null;
  if (!opened.spec.labelInput || !evaluated.labels) return { reason: 'unconditional: takes no class label, so it has no class-conditional synthetic set' };
  if (input.plan.tstr.trainingSet === tstrTrainingSets.asGenerated) return { data: evaluated.samples, labels: evaluated.labels };
  if (!opened.engine) {
    return { reason: `not loaded, so its TSTR training set (${tstrLabels.length} samples in the training split's class balance) could not be generated: load it and evaluate again, or train TSTR on the sets as generated` };
  }
  run.log(`  [${nameOf(backbone)}] generating the TSTR training set: ${tstrLabels.length} samples in the training split's class balance`);
  run.waitingOn(opened.engine);
  const say = run.say(`generating the TSTR set of ${nameOf(backbone)}`);
  const { samples } = await generateSet(
    opened.engine, { ...evaluated.request, count: tstrLabels.length, classLabels: tstrLabels }, input.store, `tstr/${backbone.id}`,
    (e) => say(0.5 + 0.2 * progressFraction(e)), run,
  );
  return { data: samples, labels: tstrLabels };
}

/** Reconstruction curve and validation loss on the real holdout; a GAN generator or an unloaded backbone has none. */
async function curvesOf(
  backbone: PipelineBackbone, opened: OpenedBackbone, holdout: SampleSetData, input: PipelineInput, run: Run,
): Promise<Pick<BackboneReport, 'reconstruction' | 'validationLoss'>> {
  const { spec, engine } = opened;
  if (spec.kind !== 'diffusion') return { reconstruction: null, validationLoss: null };
  if (!engine) {
    run.warn(`${nameOf(backbone)}: ${opened.unloadedReason ?? 'not loaded'}, so no reconstruction curve or validation loss (load it and evaluate again)`);
    return { reconstruction: null, validationLoss: null };
  }
  const { genes, channels } = input.cohort.shape;
  const holdoutLabels = holdout.labels ?? new Int32Array(holdout.count).fill(-1);
  const labels = spec.labelInput ? curveLabels(holdoutLabels, spec.numClasses ?? classCountOf(input.cohort)) : null;
  // The holdout's rows as the cohort holds them (the app's: posted by reference to the backbone's worker), read a batch at a time.
  const set: EvaluationSet = { x0: holdout.data, shape: { batch: holdout.count, genes, channels }, mask: input.cohort.mask };
  const { plan } = input;
  const common = { seed: plan.seed, batchSize: plan.reconstruction.batchSize, labels };
  run.log(`  [${nameOf(backbone)}] reconstruction curve (${plan.reconstruction.levels} levels) and validation loss on ${holdout.count} holdout samples`);
  run.waitingOn(engine);
  const say = run.say(`reconstruction curve of ${nameOf(backbone)}`);
  const reconstruction = await engine.reconstructionCurve(set, { ...common, levels: plan.reconstruction.levels }, (e) => {
    if (e.status === 'progress') say(0.7 + 0.25 * (e.callsDone / Math.max(1, e.callsTotal)));
  });
  run.waitingOn(engine);
  const loss = await engine.validationLoss(set, { ...common, drawsPerSample: plan.validationLoss.drawsPerSample });
  return { reconstruction, validationLoss: validationLossSection(loss) };
}

/** TSTR (paper Table 1) for every chosen classifier: real, then each conditional backbone's training set. */
async function tstrSectionOf(
  sets: Working[], real: RealSetsInput, tstrLabels: Int32Array | null, input: PipelineInput, run: Run,
): Promise<TstrSection> {
  const { plan, cohort } = input;
  if (plan.tstr.classifiers.length === 0) return { status: 'not-run', reason: 'no classifier was chosen' };
  if (!tstrLabels) return { status: 'not-run', reason: 'the encoding needs at least two labelled classes in both the training split and the holdout' };
  const classes = classCountOf(cohort);
  const { genes, channels } = cohort.shape;
  const synthetic = sets.flatMap((s) => (s.tstrSet && 'data' in s.tstrSet
    ? [{ id: s.id, set: { data: s.tstrSet.data, shape: { batch: s.tstrSet.labels.length, genes, channels }, labels: Int8Array.from(s.tstrSet.labels), mask: cohort.mask } }]
    : []));
  const realTrain = labelledSetOf(real.train, cohort);
  const holdout = labelledSetOf(real.holdout, cohort);
  const matched = plan.tstr.trainingSet === tstrTrainingSets.matched;
  const training = input.engines.training();
  run.waitingOn(training);
  await training.init();
  const say = run.say('TSTR classifiers');
  const runs: TstrRun[] = [];
  for (const [i, classifier] of plan.tstr.classifiers.entries()) {
    run.log(`TSTR ${classifier}: real + ${synthetic.length} synthetic training set(s), ${plan.tstr.epochs} epochs at most`);
    run.waitingOn(training);
    const result = await training.tstr({
      realTrain, holdout, synthetic, classes, matchRealTrain: matched,
      train: { ...defaultTrainSettings, model: defaultClassifierSpecs[classifier], seed: plan.seed, epochs: plan.tstr.epochs },
      bootstrap: { ...defaultBootstrapSettings, resamples: plan.tstr.bootstrapResamples, seed: plan.seed },
    }, (event) => {
      say((i + trainingProgressFraction(event)) / plan.tstr.classifiers.length);
      if (event.status === 'evaluating') run.log(`  ${event.source} trained`);
    });
    const { backend, elapsedMs, ...report } = result;
    runs.push({ classifier, report, tfBackend: backend, elapsedMs });
  }
  const sizes = synthetic.map((s) => s.set.shape.batch);
  if (!matched && sizes.some((n) => n !== realTrain.shape.batch)) {
    run.warn(`TSTR on the sets as generated: their sizes (${sizes.join(', ')}) differ from the labelled real training split (${realTrain.shape.batch}), so rows are not trained on equal data (see n per row)`);
  }
  const first = synthetic[0]?.set;
  return {
    status: 'done', runs,
    skipped: sets.flatMap((s) => (s.tstrSet && 'reason' in s.tstrSet ? [{ backboneId: s.id, reason: s.tstrSet.reason }] : [])),
    synthetic: matched || !first
      ? { trainingSet: plan.tstr.trainingSet, count: tstrLabels.length, classCounts: countClasses(tstrLabels, classes), seed: plan.seed }
      : { trainingSet: plan.tstr.trainingSet, count: first.shape.batch, classCounts: countClasses(first.labels, classes), seed: plan.seed },
  };
}

/** Runs every step and returns the report; rejects with CancelledError when `signal` aborts. */
export async function runEvaluationPipeline(input: PipelineInput): Promise<EvaluationReport> {
  if (input.backbones.length === 0) throw new InvalidRequestError('no backbone or generated set to evaluate');
  const ids = [...input.backbones, ...(input.imported ?? [])].map((b) => b.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw new InvalidRequestError(`two sets are named '${duplicate}': give each backbone and imported set its own name`);
  const run = new Run(input);
  try {
    return await runSteps(input, run);
  } finally {
    // The sets generated into a store live as long as the run: free their memory and files.
    await run.finish();
    const { store } = input;
    for (const id of input.backbones.flatMap((b) => [`generated/${b.id}`, `tstr/${b.id}`])) if (store?.has(id)) await store.delete(id);
  }
}

async function runSteps(input: PipelineInput, run: Run): Promise<EvaluationReport> {
  const { cohort, plan, engines } = input;
  // 1. The real sets, held once by the evaluation engine.
  const real = realSetsOf(cohort);
  const holdoutLabels = real.holdout.labels ?? new Int32Array(real.holdout.count).fill(-1);
  const tstrLabels = plan.tstr.classifiers.length > 0 ? tstrLabelsOf(cohort) : null;
  run.waitingOn(engines.evaluation);
  await engines.evaluation.setRealSets(real);
  // 2. Each backbone: its set, its TSTR set, its curves, then the sample-set metrics.
  const sets: Working[] = [];
  const backbones: BackboneReport[] = [];
  const latent: EvaluatedLatentSet[] = [];
  for (const backbone of input.backbones) {
    run.check();
    let opened: Awaited<ReturnType<typeof openChecked>>;
    let evaluated: Awaited<ReturnType<typeof evaluatedSet>>;
    let tstrSet: Working['tstrSet'];
    let curves: Pick<BackboneReport, 'reconstruction' | 'validationLoss'>;
    try {
      opened = await openChecked(backbone, cohort, run);
      evaluated = await evaluatedSet(backbone, opened, input, holdoutLabels, run);
      tstrSet = await tstrSetOf(backbone, opened, evaluated, tstrLabels, input, run);
      curves = await curvesOf(backbone, opened, real.holdout, input, run);
    } finally {
      await backbone.close?.();
    }
    run.next();
    run.waitingOn(engines.evaluation);
    await engines.evaluation.putSyntheticSet(backbone.id, { data: evaluated.samples, count: evaluated.count, labels: evaluated.labels });
    const say = run.say(`metrics of ${nameOf(backbone)}`);
    let metric = '';
    const metrics = await engines.evaluation.evaluateSyntheticSet(backbone.id, plan.metrics, (e) => {
      say(evaluationProgressFraction(e));
      if (e.status === 'metric' && e.metric !== metric) run.log(`  [${nameOf(backbone)}] ${(metric = e.metric)}`);
    });
    run.next();
    sets.push({ id: backbone.id, count: evaluated.count, generation: evaluated.generation, tstrSet });
    latent.push({ id: backbone.id, kind: 'backbone', samples: evaluated.samples, count: evaluated.count });
    backbones.push({
      id: backbone.id, file: { ...opened.file }, spec: summarizeSpec(opened.spec), codecCheck: opened.codecCheck,
      generation: evaluated.generation, ...curves, metrics,
    });
  }
  // 2b. Each imported set: the same sample-set metrics (no labels, so no TSTR).
  const imported = await importedSetsOf(input, run);
  latent.push(...(input.imported ?? []).map((set) => ({ id: set.id, kind: 'imported' as const, samples: set.samples, count: set.count })));
  // 3. One cosine UMAP of every set.
  let umap = null;
  if (plan.umap) {
    run.log(`cosine UMAP of ≤ ${plan.umap.maxPerSet} points per set`);
    run.waitingOn(engines.evaluation);
    const say = run.say('cosine UMAP');
    umap = await engines.evaluation.embed(plan.umap, (e) => say(evaluationProgressFraction(e)));
  }
  run.next();
  // 4. TSTR, then the report.
  const tstr = await tstrSectionOf(sets, real, tstrLabels, input, run);
  run.check();
  // 5. The genotype-space step, while the sets are still held.
  let genotypeSpace;
  if (input.genotypeSpace) {
    run.log('genotype space: decoded backbone sets and imported sets against the real genotypes');
    run.next(); // TSTR's stage is done: the genotype-space step is the last one
    const say = run.say('genotype space');
    genotypeSpace = await input.genotypeSpace(latent, (line) => run.log(line));
    run.check();
    say(1);
  }
  return {
    format: REPORT_FORMAT, version: REPORT_VERSION, createdAt: new Date().toISOString(), generator: input.generator,
    bundle: bundleSummaryOf(cohort), settings: settingsOf(plan, sets), backbones, umap, tstr, warnings: run.warnings,
    ...(input.imported?.length ? { imported } : {}), ...(genotypeSpace ? { genotypeSpace } : {}),
  };
}

/** The sample-set metrics of every imported set, which then stays held for the UMAP. */
async function importedSetsOf(input: PipelineInput, run: Run): Promise<ImportedSetReport[]> {
  const reports: ImportedSetReport[] = [];
  for (const set of input.imported ?? []) {
    run.check();
    run.waitingOn(input.engines.evaluation);
    await input.engines.evaluation.putSyntheticSet(set.id, { data: set.samples, count: set.count, labels: null });
    const say = run.say(`metrics of ${set.id}`);
    run.log(`  [${set.id}] imported from ${set.provenance.files[0]?.name ?? 'a file'}: sample-set metrics`);
    const metrics = await input.engines.evaluation.evaluateSyntheticSet(set.id, input.plan.metrics, (e) => say(evaluationProgressFraction(e)));
    run.next();
    reports.push({ id: set.id, ...set.provenance, metrics });
  }
  return reports;
}
