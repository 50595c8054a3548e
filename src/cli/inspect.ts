// gdw inspect MODEL.onnx: the BackboneSpec the workbench reads from a model, as JSON.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { readBackboneSpec } from '../core/backbone/readBackbone';
import { UsageError } from '../core/errors';
import type { CliIo } from './main';

export async function inspectCommand(args: string[], io: CliIo): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError('expected one argument: the ONNX model file');
  const path = positionals[0];
  const bytes = new Uint8Array(await readFile(path));
  const spec = readBackboneSpec(bytes, basename(path));
  io.stdout(`${JSON.stringify(spec, null, 2)}\n`);
}
