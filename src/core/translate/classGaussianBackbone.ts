// The class-conditional Gaussian oracle (classGaussianOracle.ts) as an ONNX backbone: a model whose
// translation is known in closed form, for `gdw translate` tests and the README's measured example.
// The graph gathers the class's shift table by y·T + t and the shared scale table by t.
import { buildOnnxModel } from '../backbone/onnxBuilder';
import { createSchedule, type ScheduleSpec } from '../diffusion/schedule';
import { classGaussianEpsTables, type ClassGaussianTarget } from './classGaussianOracle';

export interface ClassGaussianBackboneOptions {
  schedule: ScheduleSpec;
  target: ClassGaussianTarget;
  genes: number;
  channels: number;
  /** Written as gdw.genes; default `genes`. */
  realGenes?: number;
  /** Written as gdw.codec_sha256 when given. */
  codecSha256?: string;
}

/** ONNX bytes of the class oracle: inputs x [B, G, C] float32, t [B] int64, y [B] int64; output eps. */
export function buildClassGaussianBackbone(o: ClassGaussianBackboneOptions): Uint8Array {
  const schedule = createSchedule(o.schedule);
  const T = schedule.timesteps;
  const tables = classGaussianEpsTables(schedule, o.target);
  const dims = o.genes * o.channels;
  const shift = new Float32Array(o.target.classes * T * dims);
  tables.forEach((table, k) => shift.set(table.shift, k * T * dims));
  const spec = schedule.spec;
  const metadata: Record<string, string> = {
    'gdw.family': 'other',
    'gdw.description': 'class-gaussian-oracle: exact eps-predictor for x0 | y ~ N(mean_y, diag variance)',
    'gdw.schedule': spec.kind,
    'gdw.timesteps': String(T),
    ...(spec.kind === 'linear' ? { 'gdw.beta_start': String(spec.betaStart), 'gdw.beta_end': String(spec.betaEnd) } : {}),
    'gdw.prediction': 'eps',
    'gdw.genes': String(o.realGenes ?? o.genes),
    'gdw.layout': 'BGC',
    'gdw.padding': 'zero-x',
    'gdw.num_classes': String(o.target.classes),
    'gdw.null_class': 'none',
    ...(o.codecSha256 ? { 'gdw.codec_sha256': o.codecSha256 } : {}),
  };
  const gene = ['batch', o.genes, o.channels];
  const axis0 = { axis: { type: 'int', value: 0 } } as const;
  return buildOnnxModel({
    graphName: 'class_gaussian_oracle',
    inputs: [
      { name: 'x', elemType: 'float32', dims: gene },
      { name: 't', elemType: 'int64', dims: ['batch'] },
      { name: 'y', elemType: 'int64', dims: ['batch'] },
    ],
    outputs: [{ name: 'eps', elemType: 'float32', dims: gene }],
    initializers: [
      { name: 'timesteps', elemType: 'int64', dims: [], data: [T] },
      { name: 'shift_table', elemType: 'float32', dims: [o.target.classes * T, o.genes, o.channels], data: shift },
      { name: 'scale_table', elemType: 'float32', dims: [T, o.genes, o.channels], data: tables[0].scale },
    ],
    nodes: [
      { opType: 'Mul', inputs: ['y', 'timesteps'], outputs: ['y_offset'] },
      { opType: 'Add', inputs: ['y_offset', 't'], outputs: ['row'] },
      { opType: 'Gather', inputs: ['shift_table', 'row'], outputs: ['shift_t'], attributes: axis0 },
      { opType: 'Gather', inputs: ['scale_table', 't'], outputs: ['scale_t'], attributes: axis0 },
      { opType: 'Sub', inputs: ['x', 'shift_t'], outputs: ['centred'] },
      { opType: 'Mul', inputs: ['centred', 'scale_t'], outputs: ['eps'] },
    ],
    metadata,
  });
}
