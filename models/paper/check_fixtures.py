"""The quick check of models/paper (models/check.sh): the committed fixtures are what README.md lists
(no metadata, inputs x [batch, 8, 512] float32, t and y [batch] int64, output eps), the external-data
copy keeps its weights outside, zero_mask.npy is a prefix pattern, and the reference sampler
reproduces every parity run from checkpoints/unet-mlp.pt. Exits non-zero on any failure.

    /usr/bin/python3 models/paper/check_fixtures.py
"""
from __future__ import annotations

import json
import os
import sys
import time

import numpy as np
import onnx
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from reference_sampler import load_checkpoint, sample  # noqa: E402

ONNX_DIR = os.path.join(HERE, "onnx")
MODELS = ("baseline", "unet-mlp", "unet-cnn", "mlp-cnn", "transformer", "transformer-frozen")
G, C = 512, 8
#: the reference sampler on the same machine class is deterministic; allow for BLAS differences
REPRODUCE_TOLERANCE = 1e-5
PARITY_RUNS = [0]


def _dims(value) -> list:
    return [d.dim_param or d.dim_value for d in value.type.tensor_type.shape.dim]


def check_model(path: str, problems: list, external: bool = False) -> None:
    name = os.path.relpath(path, HERE)
    proto = onnx.load(path, load_external_data=False)
    if proto.metadata_props:
        problems.append(f"{name}: has metadata_props {[p.key for p in proto.metadata_props]}")
    if [o.version for o in proto.opset_import if o.domain in ("", "ai.onnx")] != [17]:
        problems.append(f"{name}: opset is not 17")
    want = {"x": (onnx.TensorProto.FLOAT, ["batch", C, G]), "t": (onnx.TensorProto.INT64, ["batch"]),
            "y": (onnx.TensorProto.INT64, ["batch"])}
    inputs = {i.name: (i.type.tensor_type.elem_type, _dims(i)) for i in proto.graph.input}
    if inputs != want:
        problems.append(f"{name}: inputs {inputs}, expected {want}")
    if [o.name for o in proto.graph.output] != ["eps"]:
        problems.append(f"{name}: outputs {[o.name for o in proto.graph.output]}, expected ['eps']")
    stored = [t for t in proto.graph.initializer if t.data_location == onnx.TensorProto.EXTERNAL]
    if external:
        data = os.path.join(os.path.dirname(path), os.path.basename(path) + ".data")
        if not stored or not os.path.exists(data):
            problems.append(f"{name}: expected its large initializers in {os.path.basename(data)}")
        onnx.checker.check_model(path)
    elif stored:
        problems.append(f"{name}: unexpected external data")
    else:
        onnx.checker.check_model(proto)


def check_mask(problems: list) -> np.ndarray:
    zm = np.load(os.path.join(ONNX_DIR, "zero_mask.npy"))
    if zm.dtype != np.bool_ or zm.shape != (G, C):
        problems.append(f"zero_mask.npy: {zm.dtype} {zm.shape}, expected bool ({G}, {C})")
        return zm
    real = (~zm).sum(1)
    for g in range(G):
        if zm[g, :real[g]].any() or not zm[g, real[g]:].all():
            problems.append(f"zero_mask.npy: gene {g} is not a prefix pattern")
            break
    return zm


def check_parity(zero_mask: np.ndarray, problems: list) -> None:
    folder = os.path.join(ONNX_DIR, "parity")
    with open(os.path.join(folder, "manifest.json")) as fh:
        manifest = json.load(fh)
    model, _ = load_checkpoint(os.path.join(HERE, "checkpoints", "unet-mlp.pt"))
    x_T = np.load(os.path.join(folder, "x_T.npy"))
    y = np.load(os.path.join(folder, "y.npy"))
    z = np.load(os.path.join(folder, "z.npy"))
    for run in manifest["runs"]:
        seq = np.asarray(run["timesteps_descending"][::-1])
        got = sample(model, x_T, y, zero_mask, seq, ddim=run["sampler"] == "ddim", clamp=run["clamp"], z=z)
        want = np.load(os.path.join(folder, run["file"]))
        diff = float(np.abs(got - want).max())
        if not diff <= REPRODUCE_TOLERANCE * max(1.0, float(np.abs(want).max())):
            problems.append(f"parity/{run['file']}: the reference sampler now gives max diff {diff:.3g}")
        PARITY_RUNS[0] += 1


def main() -> int:
    started = time.time()
    torch.set_num_threads(1)
    problems: list = []
    for name in MODELS:
        check_model(os.path.join(ONNX_DIR, f"{name}.onnx"), problems)
    check_model(os.path.join(ONNX_DIR, "external", "unet-mlp.onnx"), problems, external=True)
    zero_mask = check_mask(problems)
    check_parity(zero_mask, problems)
    for p in problems:
        print(f"models/paper: {p}", file=sys.stderr)
    print(f"models/paper fixtures: {'FAILED' if problems else 'ok'} (7 models, mask, {PARITY_RUNS[0]} parity runs) in {time.time() - started:.0f} s")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
