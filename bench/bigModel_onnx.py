#!/usr/bin/python3
"""Builder side of bench/bigModel.mjs: a dense denoiser at the paper's tensor size, written as
ONNX with its weights in a side file (external data) and, with --inline, also as one .onnx.

  bigModel_onnx.py --out DIR [--genes 18432] [--channels 8] [--hidden 1024] [--seed 1] [--inline]

eps = relu(flatten(x) @ W1 + 0 * float(t)) @ W2, reshaped to [B, G, C]: W1 is [G*C, H], W2 is
[H, G*C], uniform with the variance of a Kaiming-uniform init, drawn in chunks of rows so the
builder never holds a whole matrix. t (int64 [B]) is cast, multiplied by 0 and added, so the
graph uses it without changing the output. At G = 18,432, C = 8, H = 1,024: 302 M float32
weights, 1.21 GB. Writes DIR/big.onnx + DIR/big.weights (and DIR/big_inline.onnx) and prints
one JSON line with the sizes.
"""
import argparse
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper

ROWS_PER_CHUNK = 4096


def write_matrix(out, rng, rows, cols, fan_in):
    """Writes a [rows, cols] float32 matrix row-major at the file's end; returns (offset, length)."""
    offset = out.tell()
    bound = np.float32(np.sqrt(3.0 / fan_in))
    for start in range(0, rows, ROWS_PER_CHUNK):
        n = min(ROWS_PER_CHUNK, rows - start)
        chunk = rng.random((n, cols), dtype=np.float32)
        chunk *= 2 * bound
        chunk -= bound
        out.write(chunk.tobytes())
    return offset, out.tell() - offset


def external_tensor(name, dims, location, offset, length):
    tensor = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=dims)
    tensor.data_location = TensorProto.EXTERNAL
    for key, value in (('location', location), ('offset', str(offset)), ('length', str(length))):
        entry = tensor.external_data.add()
        entry.key, entry.value = key, value
    return tensor


def build_graph(genes, channels, hidden, w1, w2):
    flat = genes * channels
    consts = [
        helper.make_tensor('flat_shape', TensorProto.INT64, [2], [-1, flat]),
        helper.make_tensor('out_shape', TensorProto.INT64, [3], [-1, genes, channels]),
        helper.make_tensor('zero', TensorProto.FLOAT, [], [0.0]),
        helper.make_tensor('axis1', TensorProto.INT64, [1], [1]),
    ]
    nodes = [
        helper.make_node('Reshape', ['x', 'flat_shape'], ['x_flat']),
        helper.make_node('MatMul', ['x_flat', 'W1'], ['h_pre']),
        helper.make_node('Cast', ['t'], ['t_float'], to=TensorProto.FLOAT),
        helper.make_node('Mul', ['t_float', 'zero'], ['t_zero']),
        helper.make_node('Unsqueeze', ['t_zero', 'axis1'], ['t_col']),
        helper.make_node('Add', ['h_pre', 't_col'], ['h_t']),
        helper.make_node('Relu', ['h_t'], ['h']),
        helper.make_node('MatMul', ['h', 'W2'], ['eps_flat']),
        helper.make_node('Reshape', ['eps_flat', 'out_shape'], ['eps']),
    ]
    inputs = [
        helper.make_tensor_value_info('x', TensorProto.FLOAT, ['batch', genes, channels]),
        helper.make_tensor_value_info('t', TensorProto.INT64, ['batch']),
    ]
    outputs = [helper.make_tensor_value_info('eps', TensorProto.FLOAT, ['batch', genes, channels])]
    return helper.make_graph(nodes, 'big_dense_denoiser', inputs, outputs, initializer=consts + [w1, w2])


METADATA = {
    'gdw.family': 'other', 'gdw.layout': 'BGC', 'gdw.schedule': 'linear', 'gdw.beta_start': '0.0001',
    'gdw.beta_end': '0.02', 'gdw.timesteps': '1000', 'gdw.prediction': 'eps', 'gdw.padding': 'zero-x',
    'gdw.description': 'bench/bigModel.mjs: untrained dense denoiser, random weights',
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--out', required=True)
    parser.add_argument('--genes', type=int, default=18432)
    parser.add_argument('--channels', type=int, default=8)
    parser.add_argument('--hidden', type=int, default=1024)
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--inline', action='store_true')
    args = parser.parse_args()
    flat = args.genes * args.channels
    rng = np.random.default_rng(args.seed)
    weights_path = os.path.join(args.out, 'big.weights')
    with open(weights_path, 'wb') as out:
        w1 = external_tensor('W1', [flat, args.hidden], 'big.weights', *write_matrix(out, rng, flat, args.hidden, flat))
        w2 = external_tensor('W2', [args.hidden, flat], 'big.weights', *write_matrix(out, rng, args.hidden, flat, args.hidden))
    graph = build_graph(args.genes, args.channels, args.hidden, w1, w2)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 17)], producer_name='gdw-bench')
    model.ir_version = 8
    helper.set_model_props(model, {**METADATA, 'gdw.genes': str(args.genes)})
    model_path = os.path.join(args.out, 'big.onnx')
    onnx.save(model, model_path)
    result = {'model': model_path, 'modelBytes': os.path.getsize(model_path), 'weightsBytes': os.path.getsize(weights_path),
              'parameters': 2 * flat * args.hidden}
    if args.inline:
        # Reads the side file back into the model: ~2x the weights in memory while it serialises.
        inline = onnx.load(model_path, load_external_data=True)
        inline_path = os.path.join(args.out, 'big_inline.onnx')
        onnx.save(inline, inline_path)
        result['inline'] = inline_path
        result['inlineBytes'] = os.path.getsize(inline_path)
    print(json.dumps(result))


if __name__ == '__main__':
    main()
