// The sidecar `<model>.gdw.json`: a JSON object of the gdw.* keys of metadata_props, beside a
// model that was exported without them (written by `gdw annotate --write-sidecar` and by the
// app's "Save answers"). Read by the CLI from the model's folder and by the app when dropped with it.
import { ParseError } from '../errors';
import { sidecarKeys, type SidecarSettings } from './resolveSettings';

/** The sidecar's file name for a model: `unet.onnx` → `unet.gdw.json`. */
export function sidecarNameFor(modelFileName: string): string {
  const stem = modelFileName.toLowerCase().endsWith('.onnx') ? modelFileName.slice(0, -'.onnx'.length) : modelFileName;
  return `${stem}.gdw.json`;
}

/** Whether a dropped file is a sidecar (`*.gdw.json`). */
export const isSidecarName = (fileName: string): boolean => fileName.toLowerCase().endsWith('.gdw.json');

/** Checks a sidecar's text: an object of known gdw.* keys; values are checked when settings resolve. */
export function parseSidecar(text: string, fileName: string): SidecarSettings {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ParseError(`${fileName}: not valid JSON (${(err as Error).message}); expected an object of gdw.* keys`, { file: fileName });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ParseError(`${fileName}: expected a JSON object of gdw.* keys (e.g. {"gdw.layout": "BCG"})`, { file: fileName });
  }
  for (const [key, value] of Object.entries(json)) {
    if (!sidecarKeys.includes(key)) {
      throw new ParseError(`${fileName}: unknown key "${key}"; expected gdw.* keys of the backbone contract: ${sidecarKeys.join(', ')}`, { file: fileName });
    }
    if (!['string', 'number'].includes(typeof value) && !Array.isArray(value)) {
      throw new ParseError(`${fileName}: "${key}" is ${JSON.stringify(value)}; expected a string or a number`, { file: fileName });
    }
  }
  return { fileName, values: json as Record<string, unknown> };
}
