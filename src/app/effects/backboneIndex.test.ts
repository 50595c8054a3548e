import { describe, expect, it } from 'vitest';
import { ParseError } from '../../core/errors';
import { parseBackboneIndex } from './backboneIndex';

const url = '/demo/backbones/index.json';

describe('parseBackboneIndex', () => {
  it('turns each entry into a built-in backbone with URLs next to the index', () => {
    const text = JSON.stringify({
      backbones: [
        { family: 'unet-cnn', file: 'unet-cnn.onnx', metrics: 'unet-cnn/metrics.csv', bytes: 403079 },
        { family: 'gan-generator', file: 'gan-generator.onnx', metrics: null, bytes: 12 },
      ],
    });
    expect(parseBackboneIndex(text, url)).toEqual([
      {
        id: 'builtin:unet-cnn', family: 'unet-cnn', fileName: 'unet-cnn.onnx', url: '/demo/backbones/unet-cnn.onnx',
        byteLength: 403079, metricsUrl: '/demo/backbones/unet-cnn/metrics.csv',
      },
      {
        id: 'builtin:gan-generator', family: 'gan-generator', fileName: 'gan-generator.onnx',
        url: '/demo/backbones/gan-generator.onnx', byteLength: 12, metricsUrl: null,
      },
    ]);
  });

  it('refuses what is not a catalogue, naming the entry and the field', () => {
    const bad = (text: string) => () => parseBackboneIndex(text, url);
    expect(bad('{')).toThrow(ParseError);
    expect(bad('{')).toThrow(/^index\.json is not JSON/);
    expect(bad('[]')).toThrow('index.json: expected {"backbones": [ … ]}');
    const entry = { family: 'transformer', file: 'transformer.onnx', metrics: null, bytes: 10 };
    expect(bad(JSON.stringify({ backbones: [entry, { ...entry, bytes: '10' }] })))
      .toThrow('index.json: backbones[1].bytes = "10"; expected the file size in bytes');
    expect(bad(JSON.stringify({ backbones: [{ ...entry, file: 'https://elsewhere.example/x.onnx' }] }))).toThrow(/backbones\[0\]\.file/);
    expect(bad(JSON.stringify({ backbones: [{ ...entry, metrics: '../secret.csv' }] }))).toThrow(/backbones\[0\]\.metrics/);
    expect(bad(JSON.stringify({ backbones: [{ ...entry, family: 'Not A Family' }] }))).toThrow(/backbones\[0\]\.family/);
  });
});
