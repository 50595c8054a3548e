// gdw annotate MODEL.onnx [settings flags] [--bundle DIR] (--out OUT.onnx | --write-sidecar):
// writes the settings into the model's metadata_props (or into the sidecar <model>.gdw.json),
// so it loads without questions. Flags replace the metadata keys they name; every value is
// checked against the graph first. External data keeps working: the side files are linked
// (or copied) beside OUT when it is written to another folder.
import { copyFile, link, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { setModelMetadata, settingsToMetadata } from '../core/backbone/annotate';
import { gdwKeys } from '../core/backbone/metadataValues';
import { readBackboneSpec } from '../core/backbone/readBackbone';
import { metadataKeysAnswered } from '../core/backbone/resolveSettings';
import { UsageError } from '../core/errors';
import { readExternalLocations } from '../engines/externalData';
import { readBundleEncoding, readCliSettings, requireCompleteSettings, settingsOptions, sidecarPaths } from './backboneSettings';
import type { CliIo } from './main';

const options = { ...settingsOptions, bundle: { type: 'string' }, out: { type: 'string' }, 'write-sidecar': { type: 'boolean' } } as const;

/** Links (or copies) each side file beside OUT when OUT lies in another folder. */
async function carrySideFiles(bytes: Uint8Array, modelPath: string, outPath: string, io: CliIo): Promise<void> {
  if (resolve(dirname(modelPath)) === resolve(dirname(outPath))) return;
  for (const { location } of readExternalLocations(bytes, basename(modelPath))) {
    const from = join(dirname(modelPath), location);
    const to = join(dirname(outPath), location);
    if (await stat(to).then(() => true, () => false)) continue;
    await link(from, to).catch(() => copyFile(from, to));
    io.stderr(`  external data ${location} placed beside ${basename(outPath)}\n`);
  }
}

export async function annotateCommand(args: string[], io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError('expected one argument: the ONNX model file');
  const outPath = values.out;
  if ((outPath === undefined) === (values['write-sidecar'] !== true)) throw new UsageError('give --out OUT.onnx or --write-sidecar (one of them)');
  const modelPath = positionals[0];
  const bytes = new Uint8Array(await readFile(modelPath));
  const fileName = basename(modelPath);
  // 1. Resolve with the flags and the bundle; the flags replace the metadata keys they name.
  const bundle = values.bundle ? await readBundleEncoding(values.bundle) : null;
  const settings = await readCliSettings(modelPath, values, bundle?.encoding ?? null);
  const replaced = Object.fromEntries(metadataKeysAnswered(settings.overrides).map((key) => [key, '']));
  const spec = readBackboneSpec(setModelMetadata(bytes, replaced, fileName), fileName, settings.overrides, settings.context);
  requireCompleteSettings(spec, settings.assumeDefaults, modelPath);
  const entries = settingsToMetadata(spec, settings.assumeDefaults);
  if (bundle && spec.sources.realGenes === 'encoding' && !spec.codecSha256) entries[gdwKeys.codecSha256] = bundle.codecSha256;
  // 2. Write the model, or the sidecar.
  if (outPath !== undefined) {
    await writeFile(outPath, setModelMetadata(bytes, entries, fileName));
    await carrySideFiles(bytes, modelPath, outPath, io);
    io.stdout(`wrote ${outPath}: ${Object.keys(entries).length} gdw.* keys (${Object.keys(entries).join(', ')})\n`);
  } else {
    const path = sidecarPaths(modelPath)[0];
    await writeFile(path, `${JSON.stringify(entries, null, 2)}\n`);
    io.stdout(`wrote ${path}: ${Object.keys(entries).length} gdw.* keys\n`);
  }
}
