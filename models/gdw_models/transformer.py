"""Transformer (the paper's §3.3): a pre-norm transformer encoder (Devlin et al. 2019) over
patches of genes. A ViT-style patch embedding (Dosovitskiy et al. 2020) groups `patch_genes`
consecutive genes into one token (a Linear on their P·C values), learnable positional
embeddings, and two extra tokens that inject the time t and the class y (a learned constant
token when the model is unconditional). A linear head maps each patch token back to P·C values."""
from __future__ import annotations

from typing import Optional

import torch
import torch.nn.functional as F
from torch import nn

from .embeddings import ClassEmbedding, TimeEmbedding
from .layers import Backbone, Encoder


class GeneTransformer(Backbone):
    family = "transformer"

    def __init__(self, genes: int, channels: int, num_classes: Optional[int] = None, *, patch_genes: int = 8,
                 dim: int = 64, depth: int = 2, heads: int = 4, mlp_ratio: float = 2.0, dropout: float = 0.0,
                 null_class: bool = True):
        super().__init__(genes, channels, num_classes)
        self.patch_genes = patch_genes
        self.tokens = -(-genes // patch_genes)
        self.patch = nn.Linear(patch_genes * channels, dim)
        self.position = nn.Parameter(torch.randn(1, self.tokens + 2, dim) * 0.02)
        self.time = TimeEmbedding(dim)
        self.label = ClassEmbedding(self.num_classes, dim, null_class) if self.num_classes else None
        self.label_token = None if self.num_classes else nn.Parameter(torch.randn(1, 1, dim) * 0.02)
        self.encoder = Encoder(dim, depth, heads, mlp_ratio, dropout)
        self.head = nn.Linear(dim, patch_genes * channels)

    def forward(self, x: torch.Tensor, t: torch.Tensor, y: Optional[torch.Tensor] = None) -> torch.Tensor:
        padded = self.tokens * self.patch_genes
        if padded != self.genes:
            x = F.pad(x, (0, 0, 0, padded - self.genes))
        patches = self.patch(x.reshape(-1, self.tokens, self.patch_genes * self.channels))
        time_token = self.time(t).unsqueeze(1)
        if self.label is not None:
            label_token = self.label(y, t.shape[0]).unsqueeze(1)
        else:
            label_token = self.label_token.expand(patches.shape[0], -1, -1)
        h = self.encoder(torch.cat([time_token, label_token, patches], dim=1) + self.position)
        out = self.head(h[:, 2:]).reshape(-1, padded, self.channels)
        return out[:, : self.genes]
