// Checks a session snapshot read from a file (after its typed arrays are decoded): forms field by
// field, results as far as the panels rely on them; the evaluation report through readReport.
import { classifierKinds } from '../../core/classify/models';
import { samplerKinds } from '../../core/diffusion/types';
import { componentRules } from '../../core/encode/pca';
import { readReport } from '../../core/report/readReport';
import {
  defaultClassifierForm, defaultComparisonForm, defaultEncodeForm, defaultSettings, type BackboneId, type ClassifierReport,
  type GenerateSettings, type GenerationReport, type GenerationSummary, type LossCurve, type SessionSnapshot, type WorkbenchState,
} from '../store';
import type { FieldChecker } from './fieldChecker';

const samplers = Object.values(samplerKinds);
const classifiers = Object.values(classifierKinds);

function checkSettings(c: FieldChecker, value: unknown, path: string): GenerateSettings {
  const settings = c.form(value, path, defaultSettings);
  c.oneOf(settings.sampler, `${path}.sampler`, samplers);
  return settings;
}

function checkRecord<T>(c: FieldChecker, value: unknown, path: string, check: (value: unknown, path: string, key: string) => T): Record<string, T> {
  const record = c.object(value, path);
  return Object.fromEntries(Object.entries(record).map(([key, member]) => [key, check(member, `${path}["${key}"]`, key)]));
}

/** A finished run's summary; the panels read its counts, shape and request. */
export function checkGenerationSummary(c: FieldChecker, value: unknown, path: string, backboneId?: string): GenerationSummary {
  const summary = c.object(value, path);
  const id = c.string(summary.backboneId, `${path}.backboneId`);
  if (backboneId !== undefined && id !== backboneId) c.fail(`${path}.backboneId`, `"${backboneId}" (its key)`, id);
  c.string(summary.fileName, `${path}.fileName`);
  c.integer(summary.count, `${path}.count`, 1);
  c.integer(summary.genes, `${path}.genes`, 1);
  c.integer(summary.channels, `${path}.channels`, 1);
  c.object(summary.request, `${path}.request`);
  c.number(summary.elapsedMs, `${path}.elapsedMs`);
  c.string(summary.executionProvider, `${path}.executionProvider`);
  return summary as unknown as GenerationSummary;
}

function checkGenerationReport(c: FieldChecker, value: unknown, path: string): GenerationReport {
  const report = c.object(value, path);
  c.object(report.request, `${path}.request`);
  c.object(report.vsTarget, `${path}.vsTarget`);
  c.object(report.vsSampler, `${path}.vsSampler`);
  return report as unknown as GenerationReport;
}

function checkClassifierReport(c: FieldChecker, value: unknown, path: string): ClassifierReport {
  const report = c.object(value, path);
  const result = c.object(report.result, `${path}.result`);
  c.array(result.rows, `${path}.result.rows`);
  c.object(report.backendReport, `${path}.backendReport`);
  c.array(report.classNames, `${path}.classNames`).forEach((name, i) => c.string(name, `${path}.classNames[${i}]`));
  c.sha256(report.codecSha256, `${path}.codecSha256`);
  return report as unknown as ClassifierReport;
}

function checkLossCurve(c: FieldChecker, value: unknown, path: string): LossCurve {
  const curve = c.object(value, path);
  const id = c.string(curve.backboneId, `${path}.backboneId`);
  if (!id.startsWith('import:')) c.fail(`${path}.backboneId`, 'an imported run\'s id, import:<run name>', id);
  c.string(curve.family, `${path}.family`);
  const log = c.object(curve.log, `${path}.log`);
  c.string(log.file, `${path}.log.file`);
  c.array(log.columns, `${path}.log.columns`);
  c.object(log.series, `${path}.log.series`);
  c.array(log.steps, `${path}.log.steps`);
  return curve as unknown as LossCurve;
}

function checkEvaluationReport(c: FieldChecker, value: unknown, path: string, where: string): WorkbenchState['evaluationReport'] {
  const loaded = c.object(value, path);
  const fileName = c.nullable(loaded.fileName, `${path}.fileName`, (v, p) => c.string(v, p));
  return { fileName, report: readReport(loaded.report, `${where}: ${path}.report`) };
}

/** The snapshot of session.json; `where` names the file and entry in the report's messages. */
export function checkSessionSnapshot(c: FieldChecker, value: unknown, where: string): SessionSnapshot {
  const path = 'snapshot';
  const s = c.object(value, path);
  const encodeForm = c.form(s.encodeForm, `${path}.encodeForm`, defaultEncodeForm);
  c.oneOf(encodeForm.componentRule, `${path}.encodeForm.componentRule`, Object.values(componentRules));
  const classifierForm = c.form(s.classifierForm, `${path}.classifierForm`, defaultClassifierForm);
  c.oneOf(classifierForm.kind, `${path}.classifierForm.kind`, classifiers);
  // Sessions saved before the TSTR training-set choice existed ran TSTR on the sets as generated.
  const savedForm = typeof s.comparisonForm === 'object' && s.comparisonForm !== null && !('tstrTrainingSet' in s.comparisonForm)
    ? { ...s.comparisonForm, tstrTrainingSet: 'as-generated' } : s.comparisonForm;
  const comparisonForm = c.form(savedForm, `${path}.comparisonForm`, defaultComparisonForm);
  comparisonForm.classifiers.forEach((kind, i) => c.oneOf(kind, `${path}.comparisonForm.classifiers[${i}]`, classifiers));
  const view = c.object(s.lossCurveView, `${path}.lossCurveView`);
  return {
    settings: checkSettings(c, s.settings, `${path}.settings`),
    settingsByBackbone: checkRecord(c, s.settingsByBackbone, `${path}.settingsByBackbone`, (v, p) => checkSettings(c, v, p)),
    encodeForm,
    classifierForm,
    comparisonForm,
    lossCurveView: {
      smoothing: c.number(view.smoothing, `${path}.lossCurveView.smoothing`),
      logY: c.boolean(view.logY, `${path}.lossCurveView.logY`),
      // Sessions saved before log x existed drew a linear step axis.
      logX: view.logX === undefined ? false : c.boolean(view.logX, `${path}.lossCurveView.logX`),
      // Sessions saved before the run selector existed had made no choice.
      runs: view.runs === undefined ? {} : checkRecord(c, view.runs, `${path}.lossCurveView.runs`, (v, p) => c.boolean(v, p)),
    },
    generateBackboneId: c.nullable(s.generateBackboneId, `${path}.generateBackboneId`, (v, p) => c.string(v, p) as BackboneId),
    evaluationReport: c.nullable(s.evaluationReport, `${path}.evaluationReport`, (v, p) => checkEvaluationReport(c, v, p, where)),
    classifierReport: c.nullable(s.classifierReport, `${path}.classifierReport`, (v, p) => checkClassifierReport(c, v, p)),
    syntheticSets: checkRecord(c, s.syntheticSets, `${path}.syntheticSets`, (v, p, key) => checkGenerationSummary(c, v, p, key)),
    lastRun: c.nullable(s.lastRun, `${path}.lastRun`, (v, p) => checkGenerationSummary(c, v, p)),
    report: c.nullable(s.report, `${path}.report`, (v, p) => checkGenerationReport(c, v, p)),
    importedLossCurves: c.array(s.importedLossCurves, `${path}.importedLossCurves`).map((v, i) => checkLossCurve(c, v, `${path}.importedLossCurves[${i}]`)),
  };
}
