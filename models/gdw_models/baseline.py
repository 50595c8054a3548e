"""Baseline (the paper's §3.4 "Baseline Model"): a plain MLP on the flattened gene tensor, with the
time (and class) embedding concatenated to its input. No normalisation.

`input_skip` (default on) adds g(t, y)·x to the output, g a learned scalar of the conditioning
embedding: a linear path from the input to ε. An ε-prediction model must be nearly the identity
at t ≈ T (x_t ≈ ε there), and DDIM multiplies any error of its first step by √(1−ᾱ)/√ᾱ ≈ 156;
through a bottleneck narrower than G·C alone the identity is slow to learn or not representable.
`input_skip=False` is the paper's plain MLP."""
from __future__ import annotations

from typing import Optional

import torch
from torch import nn

from .embeddings import Conditioning
from .layers import Backbone


class Baseline(Backbone):
    family = "baseline"

    def __init__(self, genes: int, channels: int, num_classes: Optional[int] = None, *, hidden: int = 256,
                 depth: int = 2, time_dim: int = 64, null_class: bool = True, input_skip: bool = True,
                 dropout: float = 0.0):
        super().__init__(genes, channels, num_classes)
        features = genes * channels
        self.cond = Conditioning(time_dim, self.num_classes, null_class)
        drop = [nn.Dropout(dropout)] if dropout > 0 else []
        layers: list[nn.Module] = [nn.Linear(features + time_dim, hidden), nn.SiLU(), *drop]
        for _ in range(depth - 1):
            layers += [nn.Linear(hidden, hidden), nn.SiLU(), *drop]
        layers.append(nn.Linear(hidden, features))
        self.mlp = nn.Sequential(*layers)
        self.skip_gate = nn.Linear(time_dim, 1) if input_skip else None

    def forward(self, x: torch.Tensor, t: torch.Tensor, y: Optional[torch.Tensor] = None) -> torch.Tensor:
        cond = self.cond(t, y)
        out = self.mlp(torch.cat([x.flatten(1), cond], dim=1)).reshape(-1, self.genes, self.channels)
        if self.skip_gate is not None:
            out = out + self.skip_gate(cond).unsqueeze(-1) * x
        return out
