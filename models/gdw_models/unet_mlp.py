"""UNet-MLP (the paper's §3.3, Fig. 2): a U-Net whose blocks are dense layers on the flattened
gene tensor. Down blocks shrink the width (widths[0] → widths[-1]), up blocks grow it back and
take the matching down block's output as a skip (concatenated); every block is a pre-activation
residual block with GroupNorm, SiLU and the time (+ class) embedding added between its two
layers (as in Ho et al. 2020's ResBlock). Optional per-gene dense input and output layers
(`per_gene_dim` > 0) map each gene's C components on their own first ("a custom dense layer for
each PCA", the slides). No attention: the dense layers already see every gene.

`input_skip` (default on) adds g(t, y)·x to the output, g a learned scalar of the conditioning
embedding: a linear path from x to ε, which the U-Net's bottlenecked dense path lacks (see
baseline.py for why an ε-model needs it at t ≈ T). `input_skip=False` leaves it out."""
from __future__ import annotations

from typing import Optional, Sequence

import torch
from torch import nn

from .embeddings import Conditioning
from .layers import Backbone, DenseGroupNorm, PerGeneDense


class DenseResBlock(nn.Module):
    def __init__(self, in_features: int, out_features: int, cond_dim: int, dropout: float = 0.0):
        super().__init__()
        self.norm1 = DenseGroupNorm(in_features)
        self.fc1 = nn.Linear(in_features, out_features)
        self.cond = nn.Linear(cond_dim, out_features)
        self.norm2 = DenseGroupNorm(out_features)
        self.dropout = nn.Dropout(dropout)
        self.fc2 = nn.Linear(out_features, out_features)
        self.skip = nn.Linear(in_features, out_features) if in_features != out_features else nn.Identity()
        self.act = nn.SiLU()

    def forward(self, x: torch.Tensor, cond: torch.Tensor) -> torch.Tensor:
        h = self.fc1(self.act(self.norm1(x))) + self.cond(cond)
        h = self.fc2(self.dropout(self.act(self.norm2(h))))
        return self.skip(x) + h


class UNetMLP(Backbone):
    family = "unet-mlp"

    def __init__(self, genes: int, channels: int, num_classes: Optional[int] = None, *,
                 widths: Sequence[int] = (256, 128, 64), time_dim: int = 128, per_gene_dim: int = 0,
                 dropout: float = 0.0, null_class: bool = True, input_skip: bool = True):
        super().__init__(genes, channels, num_classes)
        widths = list(widths)
        self.per_gene_dim = per_gene_dim
        gene_features = per_gene_dim or channels
        self.gene_in = PerGeneDense(genes, channels, per_gene_dim) if per_gene_dim else None
        self.gene_out = PerGeneDense(genes, per_gene_dim, channels) if per_gene_dim else None
        self.cond = Conditioning(time_dim, self.num_classes, null_class)
        self.stem = nn.Linear(genes * gene_features, widths[0])
        self.down = nn.ModuleList(DenseResBlock(w, w, time_dim, dropout) for w in widths)
        self.shrink = nn.ModuleList(nn.Linear(a, b) for a, b in zip(widths[:-1], widths[1:]))
        self.mid = DenseResBlock(widths[-1], widths[-1], time_dim, dropout)
        self.up = nn.ModuleList(DenseResBlock(2 * w, w, time_dim, dropout) for w in widths)
        self.grow = nn.ModuleList(nn.Linear(b, a) for a, b in zip(widths[:-1], widths[1:]))
        self.head = nn.Sequential(DenseGroupNorm(widths[0]), nn.SiLU(), nn.Linear(widths[0], genes * gene_features))
        self.skip_gate = nn.Linear(time_dim, 1) if input_skip else None

    def forward(self, x: torch.Tensor, t: torch.Tensor, y: Optional[torch.Tensor] = None) -> torch.Tensor:
        cond = self.cond(t, y)
        h = self.gene_in(x) if self.gene_in is not None else x
        h = self.stem(h.flatten(1))
        skips = []
        for level, block in enumerate(self.down):
            h = block(h, cond)
            skips.append(h)
            if level < len(self.shrink):
                h = self.shrink[level](h)
        h = self.mid(h, cond)
        for level in reversed(range(len(self.up))):
            h = self.up[level](torch.cat([h, skips[level]], dim=1), cond)
            if level > 0:
                h = self.grow[level - 1](h)
        h = self.head(h).reshape(-1, self.genes, self.per_gene_dim or self.channels)
        out = self.gene_out(h) if self.gene_out is not None else h
        if self.skip_gate is not None:
            out = out + self.skip_gate(cond).unsqueeze(-1) * x
        return out
