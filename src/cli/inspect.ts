// gdw inspect MODEL.onnx [settings flags] [--bundle DIR]: the BackboneSpec the workbench reads
// from a model, with every setting's source and the ones still missing, as JSON.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { readBackboneSpec } from '../core/backbone/readBackbone';
import { UsageError } from '../core/errors';
import { readBundleEncoding, readCliSettings, settingsOptions } from './backboneSettings';
import type { CliIo } from './main';

export async function inspectCommand(args: string[], io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { ...settingsOptions, bundle: { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError('expected one argument: the ONNX model file');
  const path = positionals[0];
  const bytes = new Uint8Array(await readFile(path));
  const bundleEncoding = values.bundle ? (await readBundleEncoding(values.bundle)).encoding : null;
  const { overrides, context } = await readCliSettings(path, values, bundleEncoding);
  const spec = readBackboneSpec(bytes, basename(path), overrides, context);
  io.stdout(`${JSON.stringify(spec, null, 2)}\n`);
}
