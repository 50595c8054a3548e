import { describe, expect, it } from 'vitest';
import { createIdentities, createReportIdentities, getDisplayName, getIdentity, identityPalette, realSetIdentities } from './identity';

const catalogue = ['gaussian-demo', 'baseline', 'unet-mlp', 'unet-cnn', 'mlp-cnn', 'transformer', 'gan-generator']
  .map((f) => ({ id: `builtin:${f}`, fileName: `${f}.onnx` }));

describe('backbone identities', () => {
  it('names a backbone without its internal id', () => {
    expect(getDisplayName({ id: 'builtin:unet-mlp' })).toBe('unet-mlp');
    expect(getDisplayName({ id: 'file:0123456789ab', fileName: 'my-model.onnx' })).toBe('my-model');
    expect(getDisplayName({ id: 'import:run 7' })).toBe('run 7');
    expect(getDisplayName({ id: 'oracle' })).toBe('oracle');
  });

  it('gives distinct colours up to the palette size, in list order, and the same identities on every call', () => {
    const entries = [...catalogue, { id: 'file:aaaaaaaaaaaa', fileName: 'mine.onnx' }, { id: 'import:run' }];
    expect(entries).toHaveLength(identityPalette.length);
    const first = createIdentities(entries);
    const colours = entries.map((e) => first.get(e.id)!.colour);
    expect(colours).toEqual([...identityPalette]);
    expect(new Set(colours).size).toBe(identityPalette.length);
    const realColours: string[] = Object.values(realSetIdentities).map((r) => r.colour);
    expect(colours.some((c) => realColours.includes(c))).toBe(false);
    expect([...createIdentities(entries)]).toEqual([...first]);
    // A later entry never changes an earlier one's identity.
    const longer = createIdentities([...entries, { id: 'builtin:extra' }]);
    for (const e of entries) expect(longer.get(e.id)).toEqual(first.get(e.id));
    expect(longer.get('builtin:extra')!.colour).toBe(identityPalette[0]);
  });

  it('keeps the first of a repeated id and tells apart two files of one name', () => {
    const ids = createIdentities([
      { id: 'file:aaaaaaaaaaaa', fileName: 'model.onnx' }, { id: 'file:aaaaaaaaaaaa', fileName: 'other.onnx' },
      { id: 'file:bbbbbbbbbbbb', fileName: 'model.onnx' },
    ]);
    expect([...ids.values()].map((i) => i.name)).toEqual(['model', 'model (bbbbbbbb)']);
    expect(ids.get('file:bbbbbbbbbbbb')!.colour).toBe(identityPalette[1]);
  });

  it('the real sets and unknown ids have identities too', () => {
    const ids = createIdentities(catalogue);
    expect(getIdentity(ids, 'real-train')).toEqual(realSetIdentities['real-train']);
    expect(getIdentity(ids, 'builtin:unknown').name).toBe('unknown');
  });

  it('a report names its backbones from their files', () => {
    const report = { backbones: [{ id: 'file:cccccccccccc', file: { name: 'net.onnx' } }, { id: 'builtin:transformer', file: { name: 'transformer.onnx' } }] };
    expect([...createReportIdentities(report).values()].map((i) => i.name)).toEqual(['net', 'transformer']);
  });
});
