// One backbone of `gdw evaluate` for the evaluation pipeline (src/engines/evaluationPipeline.ts):
// `--backbone name=MODEL.onnx` and `--set name:flag=value` parsed, and the backbone opened (read,
// settings resolved or refused, loaded into its own InferenceEngine) and closed (unloaded).
import { basename } from 'node:path';
import { readBackboneSpec } from '../core/backbone/readBackbone';
import type { EncodingContext } from '../core/backbone/resolveSettings';
import { UsageError } from '../core/errors';
import { sha256Hex } from '../core/report/plan';
import type { PipelineBackbone } from '../engines/evaluationPipeline';
import { createOrtInferenceEngine } from '../engines/ortInferenceEngine';
import type { CliIo } from './main';
import { describeSettings, readCliSettings, requireCompleteSettings, settingsOptions } from './backboneSettings';
import { prepareCliBackbone } from './modelFiles';

export interface BackboneArg {
  id: string;
  path: string;
  /** This backbone's own settings flags (`--set NAME:flag=value`), by flag name. */
  settings: Record<string, unknown>;
}

/** `name=path` or a bare path (named after the file). */
export function parseBackboneArg(raw: string): BackboneArg {
  const at = raw.indexOf('=');
  const [id, path] = at < 0 ? [basename(raw).replace(/\.onnx$/i, ''), raw] : [raw.slice(0, at), raw.slice(at + 1)];
  if (!id || !path) throw new UsageError(`--backbone ${raw}: expected name=MODEL.onnx`);
  return { id, path, settings: {} };
}

/**
 * `--set NAME:flag=value` (e.g. `--set paper:timesteps=500`): a settings flag for one backbone,
 * over the flags given for all of them.
 */
export function applyBackboneSetting(args: BackboneArg[], raw: string): void {
  const match = /^([^:]+):([a-z-]+)(?:=(.*))?$/.exec(raw);
  const arg = match ? args.find((a) => a.id === match[1]) : undefined;
  if (!match || !arg) {
    throw new UsageError(`--set ${raw}: expected NAME:flag=value with NAME one of ${args.map((a) => a.id).join(', ')} ` +
      '(e.g. --set paper:timesteps=500)');
  }
  const [, , flag, value] = match;
  const option = (settingsOptions as Record<string, { type: string }>)[flag];
  if (!option) throw new UsageError(`--set ${raw}: unknown setting --${flag}; expected one of ${Object.keys(settingsOptions).join(', ')}`);
  arg.settings[flag] = option.type === 'boolean' ? value !== 'false' : value ?? '';
}

/** What every backbone of a run shares. */
export interface CliBackboneContext {
  /** Settings flags given for every backbone (`--timesteps 500` …); `--set NAME:flag=value` adds per-backbone ones. */
  settingsFlags: Record<string, unknown>;
  /** The bundle's shape and padding mask, a settings source for backbones shaped like it. */
  encoding: EncodingContext;
  threads: number;
  /** `--ep cpu|cuda|wasm`; default cpu (native ORT, WASM where it has no binary). */
  ep?: string;
}

/**
 * One `--backbone` as the evaluation pipeline opens it: read, hash, settings resolved (refused
 * while one is unknown), loaded into its own InferenceEngine; closing unloads it, so one
 * backbone is in memory at a time.
 */
export function cliBackbone(arg: BackboneArg, context: CliBackboneContext, io: CliIo): PipelineBackbone {
  const say = (text: string) => io.stderr(`  [${arg.id}] ${text}\n`);
  let engine: ReturnType<typeof createOrtInferenceEngine> | null = null;
  return {
    id: arg.id,
    given: null,
    open: async () => {
      const { runtime, bytes, loadOptions } = await prepareCliBackbone(arg.path, { threads: context.threads, ep: context.ep }, say);
      const { overrides, context: settingsContext, assumeDefaults } = await readCliSettings(arg.path, { ...context.settingsFlags, ...arg.settings }, context.encoding);
      requireCompleteSettings(readBackboneSpec(bytes, loadOptions.fileName, overrides, settingsContext), assumeDefaults, arg.path);
      engine = createOrtInferenceEngine(runtime);
      const { spec, executionProvider } = await engine.load(bytes, { ...loadOptions, overrides, context: settingsContext });
      say(describeSettings(spec));
      return { spec, executionProvider, engine, file: { name: spec.fileName, sha256: await sha256Hex(bytes), bytes: bytes.length } };
    },
    close: async () => {
      await engine?.unload();
      engine = null;
    },
  };
}
