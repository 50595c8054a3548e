import { describe, expect, it } from 'vitest';
import { buildOnnxModel } from '../../core/backbone/onnxBuilder';
import { readBackboneSpec } from '../../core/backbone/readBackbone';
import { buildGaussianBackbone } from '../../core/sim/gaussianBackbone';
import {
  createMetadataForm, getMetadataFields, parseMetadataForm, parseRememberedSettings, recallBackboneSettings,
  rememberBackboneSettings, rememberedSettingsKey, serializeRememberedSettings, type MetadataForm, type SettingsStorage,
} from './backboneOverrides';

const genes = 6;
const channels = 4;
/** A Gaussian oracle exported with no metadata_props: every sampler setting falls back to a default. */
const bare = buildGaussianBackbone({
  schedule: { kind: 'linear', timesteps: 1000 }, genes, channels, metadata: false, withLabelInput: true,
  mean: new Float32Array(genes * channels), variance: new Float32Array(genes * channels).fill(1),
});
const bareSpec = readBackboneSpec(bare, 'bare.onnx');

describe('the metadata dialog form', () => {
  it('asks what overrides can answer, not the dims the shape fixes', () => {
    expect(bareSpec.missing.length).toBeGreaterThan(0);
    expect(getMetadataFields(bareSpec)).toEqual([
      'family', 'layout', 'scheduleKind', 'timesteps', 'betaStart', 'betaEnd', 'prediction', 'numClasses', 'nullClass', 'realGenes',
      'padding', 'fixedBatch',
    ]);
    const symbolic = readBackboneSpec(buildOnnxModel({
      inputs: [{ name: 'x', elemType: 'float32', dims: ['batch', 'genes', 'components'] }, { name: 't', elemType: 'int64', dims: ['batch'] }],
      outputs: [{ name: 'eps', elemType: 'float32', dims: ['batch', 'genes', 'components'] }],
      nodes: [{ opType: 'Identity', inputs: ['x'], outputs: ['eps'] }],
    }), 'symbolic.onnx');
    expect(getMetadataFields(symbolic)).toEqual([
      'family', 'layout', 'scheduleKind', 'timesteps', 'betaStart', 'betaEnd', 'prediction', 'realGenes', 'padding', 'fixedBatch',
      'genes', 'channels',
    ]);
  });

  it('starts from the loaded values and leaves a defaulted real-gene count empty', () => {
    expect(createMetadataForm(bareSpec)).toEqual({
      family: 'other', layout: 'BGC', scheduleKind: 'linear', timesteps: '1000', betaStart: '0.0001', betaEnd: '0.02', prediction: 'eps',
      numClasses: '2', nullClass: 'none', padding: 'zero-x', fixedBatch: '', realGenes: '', genes: '6', channels: '4',
    });
  });

  it('gives overrides that readBackboneSpec takes, after which nothing is missing', () => {
    const form: MetadataForm = {
      ...createMetadataForm(bareSpec), timesteps: ' 500 ', betaStart: '0.0002', betaEnd: '0.03', numClasses: '3', realGenes: '5',
      nullClass: '3', padding: 'zero-x0', fixedBatch: '4',
    };
    const overrides = parseMetadataForm(bareSpec, form, getMetadataFields(bareSpec));
    expect(overrides).toEqual({
      layout: 'BGC', schedule: { kind: 'linear', timesteps: 500, betaStart: 0.0002, betaEnd: 0.03 }, prediction: 'eps',
      numClasses: 3, nullClass: 3, padding: 'zero-x0', staticBatch: 4, realGenes: 5,
    });
    const answered = readBackboneSpec(bare, 'bare.onnx', overrides);
    expect(answered.missing).toEqual([]);
    expect(answered).toMatchObject({
      realGenes: 5, numClasses: 3, nullClass: 3, labelSlots: 4, padding: 'zero-x0', staticBatch: 4,
      schedule: { timesteps: 500, betaStart: 0.0002, betaEnd: 0.03 },
    });
    expect(answered.sources['schedule.timesteps']).toBe('override');
  });

  it('sends no β for a cosine schedule, and an empty real-gene count follows G under the chosen layout', () => {
    const form: MetadataForm = { ...createMetadataForm(bareSpec), scheduleKind: 'cosine', betaStart: 'unused', layout: 'BCG' };
    const overrides = parseMetadataForm(bareSpec, form, getMetadataFields(bareSpec));
    expect(overrides.schedule).toEqual({ kind: 'cosine', timesteps: 1000 });
    // x is [batch, 6, 4]: read as [B, C, G], G is 4.
    expect(overrides.realGenes).toBe(channels);
    expect(readBackboneSpec(bare, 'bare.onnx', overrides)).toMatchObject({ genes: channels, channels: genes, missing: [] });
  });

  it.each<[Partial<MetadataForm>, RegExp]>([
    [{ timesteps: '0' }, /^T is "0"; expected a whole number ≥ 1$/],
    [{ timesteps: '2.5' }, /^T is "2.5"/],
    [{ betaStart: '1.5' }, /^β start is "1.5"; expected a number between 0 and 1/],
    [{ betaEnd: '' }, /^β end is ""/],
    [{ betaStart: '0.05', betaEnd: '0.02' }, /^β start \(0.05\) must be below β end \(0.02\)$/],
    [{ numClasses: 'two' }, /^classes is "two"/],
    [{ realGenes: '7' }, /^real genes is "7"; expected a whole number from 1 to 6$/],
  ])('refuses %o, naming the field', (change, message) => {
    const form = { ...createMetadataForm(bareSpec), ...change };
    expect(() => parseMetadataForm(bareSpec, form, getMetadataFields(bareSpec)))
      .toThrow(expect.objectContaining({ code: 'invalid-request', message: expect.stringMatching(message) }));
  });
});

function createMemoryStorage(): SettingsStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

describe('remembered answers', () => {
  const sha256 = 'ab'.repeat(32);
  const overrides = { layout: 'BCG' as const, realGenes: 4, schedule: { kind: 'cosine' as const, timesteps: 200 } };

  it('are stored under the file\'s SHA-256 and read back as they were', () => {
    const storage = createMemoryStorage();
    expect(recallBackboneSettings(storage, sha256)).toBeNull();
    expect(rememberBackboneSettings(storage, sha256, overrides)).toBe(true);
    expect([...storage.items.keys()]).toEqual([`gdw.backboneSettings.${sha256}`]);
    expect(rememberedSettingsKey(sha256)).toBe(`gdw.backboneSettings.${sha256}`);
    expect(recallBackboneSettings(storage, sha256)).toEqual(overrides);
    expect(recallBackboneSettings(storage, 'cd'.repeat(32))).toBeNull();
  });

  it('ignore what cannot be read: bad JSON, another version, keys of the wrong type', () => {
    expect(parseRememberedSettings('{not json')).toBeNull();
    expect(parseRememberedSettings(JSON.stringify({ version: 2, overrides }))).toBeNull();
    expect(parseRememberedSettings(JSON.stringify({ version: 1, overrides: { realGenes: '4', layout: 'BGC', extra: 1 } })))
      .toEqual({ layout: 'BGC' });
    expect(parseRememberedSettings(serializeRememberedSettings({}))).toBeNull();
  });

  it('survive a storage that refuses to be used', () => {
    const refusing: SettingsStorage = {
      getItem: () => { throw new Error('SecurityError'); },
      setItem: () => { throw new Error('QuotaExceededError'); },
    };
    expect(recallBackboneSettings(refusing, sha256)).toBeNull();
    expect(rememberBackboneSettings(refusing, sha256, overrides)).toBe(false);
    expect(rememberBackboneSettings(null, sha256, overrides)).toBe(false);
  });
});

describe('the dialog and the loaded encoding', () => {
  it('keeps the encoding\'s per-component mask when the real-gene count is left as loaded', () => {
    const encoding = { name: 'the loaded encoding', genes, channels, realGenes: 4, componentsPerGene: [4, 1, 2, 4] };
    const spec = readBackboneSpec(bare, 'bare.onnx', {}, { encoding });
    expect(spec).toMatchObject({ realGenes: 4, componentsPerGene: [4, 1, 2, 4], sources: { realGenes: 'encoding' } });
    const overrides = parseMetadataForm(spec, createMetadataForm(spec), getMetadataFields(spec));
    expect(overrides.realGenes).toBeUndefined();
    const answered = readBackboneSpec(bare, 'bare.onnx', overrides, { encoding });
    expect(answered).toMatchObject({ realGenes: 4, componentsPerGene: [4, 1, 2, 4], sources: { componentsPerGene: 'encoding' } });
    // A changed count is the user's answer: it replaces the encoding's mask.
    const changed = parseMetadataForm(spec, { ...createMetadataForm(spec), realGenes: '3' }, getMetadataFields(spec));
    expect(readBackboneSpec(bare, 'bare.onnx', changed, { encoding })).toMatchObject({ realGenes: 3, componentsPerGene: null });
  });
});
