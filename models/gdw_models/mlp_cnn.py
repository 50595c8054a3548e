"""MLP + CNN (the paper's §3.4, eq. 8): ε̂ = (1 − λ(t))·UNetMLP(x) + λ(t)·UNetCNN(x), with λ a
learnable two-layer MLP of t with a sigmoid output, so λ ∈ [0, 1]. Its input is the sinusoidal
embedding of t (a fixed feature map; the paper only says "the noise schedule t as input")."""
from __future__ import annotations

from typing import Optional

import torch
from torch import nn

from .embeddings import sinusoidal_embedding
from .layers import Backbone
from .unet_cnn import UNetCNN
from .unet_mlp import UNetMLP


class MLPCNN(Backbone):
    family = "mlp-cnn"

    def __init__(self, genes: int, channels: int, num_classes: Optional[int] = None, *, mlp: Optional[dict] = None,
                 cnn: Optional[dict] = None, lambda_hidden: int = 32, lambda_embed: int = 16, null_class: bool = True):
        super().__init__(genes, channels, num_classes)
        self.mlp = UNetMLP(genes, channels, num_classes, null_class=null_class, **(mlp or {}))
        self.cnn = UNetCNN(genes, channels, num_classes, null_class=null_class, **(cnn or {}))
        self.lambda_embed = lambda_embed
        self.lambda_mlp = nn.Sequential(nn.Linear(lambda_embed, lambda_hidden), nn.SiLU(), nn.Linear(lambda_hidden, 1),
                                        nn.Sigmoid())

    def mixing_weight(self, t: torch.Tensor) -> torch.Tensor:
        """λ(t) ∈ [0, 1], shape [B]."""
        return self.lambda_mlp(sinusoidal_embedding(t, self.lambda_embed)).squeeze(-1)

    def forward(self, x: torch.Tensor, t: torch.Tensor, y: Optional[torch.Tensor] = None) -> torch.Tensor:
        lam = self.mixing_weight(t).view(-1, 1, 1)
        return (1 - lam) * self.mlp(x, t, y) + lam * self.cnn(x, t, y)
