"""Baseline (the paper's §3.4 "Baseline Model"): a plain MLP on the flattened gene tensor, with the
time (and class) embedding concatenated to its input. No skips, no normalisation."""
from __future__ import annotations

from typing import Optional

import torch
from torch import nn

from .embeddings import Conditioning
from .layers import Backbone


class Baseline(Backbone):
    family = "baseline"

    def __init__(self, genes: int, channels: int, num_classes: Optional[int] = None, *, hidden: int = 256,
                 depth: int = 2, time_dim: int = 64, null_class: bool = True):
        super().__init__(genes, channels, num_classes)
        features = genes * channels
        self.cond = Conditioning(time_dim, self.num_classes, null_class)
        layers: list[nn.Module] = [nn.Linear(features + time_dim, hidden), nn.SiLU()]
        for _ in range(depth - 1):
            layers += [nn.Linear(hidden, hidden), nn.SiLU()]
        layers.append(nn.Linear(hidden, features))
        self.mlp = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor, t: torch.Tensor, y: Optional[torch.Tensor] = None) -> torch.Tensor:
        h = torch.cat([x.flatten(1), self.cond(t, y)], dim=1)
        return self.mlp(h).reshape(-1, self.genes, self.channels)
