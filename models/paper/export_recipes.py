"""Workarounds for the export traps of the paper's code with torch 1.13's (and 2.0's) TorchScript
ONNX exporter. README.md ("Export recipes") quotes these; train.py uses them on our fixtures.

    with group_norm_any_rank(), no_checkpoint(unets_module):
        torch.onnx.export(model, (x, t, y), "model.onnx", ...)   # grad enabled: no torch.no_grad()

1. nn.GroupNorm on a rank-2 [B, F] input (model.py UnetMLP, its blocks, UnetMLPandCNN):
   symbolic_opset9.group_norm unsqueezes the affine weight over axes range(1, rank − 1), empty for
   rank 2, and fails with `IndexError: list index out of range` in _unsqueeze_helper.
   Fix: run GroupNorm on [B, F, 1] and squeeze back (same numbers).
2. AttentionBlock.forward (unets.py) calls checkpoint(..., True) whatever use_checkpoint says, so
   tracing meets CheckpointFunction.apply (a custom autograd Function with a Python callable
   argument) and fails with `RuntimeError: unordered_map::at`. Fix: make utils.unets.checkpoint
   call the function directly while exporting (gradient checkpointing is a training-time memory
   trick; the forward is the same).
3. `torch.stack([tok.unsqueeze(0) for _ in range(x.shape[0])])` (model.py EncoderModelDiffusion,
   EncoderModelPreTrain, EncoderModel): the tracer unrolls the loop, so the graph concatenates
   exactly B_trace copies. With dynamic_axes the export succeeds, but any other batch fails in
   onnxruntime at the Concat ("Non concat axis dimensions must match"). Fix: the one-line edit
   `tok.expand(x.shape[0], 1, -1)`, or export without dynamic_axes at the batch you sample with.
4. nn.TransformerEncoderLayer in eval mode under torch.no_grad() takes the fused fast path
   (aten::_transformer_encoder_layer_fwd), which the exporter rejects (UnsupportedOperatorError).
   Fix: export with grad enabled (no torch.no_grad() around torch.onnx.export); the parameters
   require grad, so the layer takes the ordinary path.
"""
from __future__ import annotations

import contextlib
import types
from typing import Iterator, Optional

from torch import nn


@contextlib.contextmanager
def group_norm_any_rank() -> Iterator[None]:
    """Trap 1: every nn.GroupNorm (and subclass) sees [B, F, 1] for a [B, F] input while active."""
    original = nn.GroupNorm.forward

    def forward(self, x):
        return original(self, x.unsqueeze(-1)).squeeze(-1) if x.dim() == 2 else original(self, x)

    nn.GroupNorm.forward = forward
    try:
        yield
    finally:
        nn.GroupNorm.forward = original


@contextlib.contextmanager
def no_checkpoint(unets_module: Optional[types.ModuleType] = None) -> Iterator[None]:
    """Trap 2: the paper's `utils.unets.checkpoint(func, inputs, params, flag)` becomes func(*inputs)."""
    if unets_module is None:
        yield
        return
    original = unets_module.checkpoint
    unets_module.checkpoint = lambda func, inputs, params, flag: func(*inputs)
    try:
        yield
    finally:
        unets_module.checkpoint = original
