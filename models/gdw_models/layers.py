"""Building blocks the backbones share. Written with ops torch 1.13 exports to ONNX opset 17:
nn.MultiheadAttention / nn.TransformerEncoder take the `aten::_native_multi_head_attention` fast
path in eval mode, which the 1.13 exporter rejects, so attention is written out here with
Linear, matmul and softmax (the same maths as Vaswani et al. 2017)."""
from __future__ import annotations

import math
from typing import Optional

import torch
from torch import nn


def group_count(features: int, max_groups: int = 8) -> int:
    """The largest divisor of `features` that is ≤ max_groups (GroupNorm needs one)."""
    return next(g for g in range(min(max_groups, features), 0, -1) if features % g == 0)


class DenseGroupNorm(nn.GroupNorm):
    """GroupNorm over the features of a [B, F] tensor. The 1.13 exporter fails on a rank-2
    GroupNorm input, so a length-1 axis is added for the op and dropped after it."""

    def __init__(self, features: int, max_groups: int = 8):
        super().__init__(group_count(features, max_groups), features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return super().forward(x.unsqueeze(-1)).squeeze(-1)


class PerGeneDense(nn.Module):
    """A separate dense layer per gene ("a custom dense layer for each PCA", the paper's slides):
    [B, G, Cin] → [B, G, Cout] with weights [G, Cin, Cout], applied with one einsum."""

    def __init__(self, genes: int, in_features: int, out_features: int):
        super().__init__()
        bound = 1 / math.sqrt(in_features)
        self.weight = nn.Parameter(torch.empty(genes, in_features, out_features).uniform_(-bound, bound))
        self.bias = nn.Parameter(torch.empty(genes, out_features).uniform_(-bound, bound))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.einsum("bgc,gcd->bgd", x, self.weight) + self.bias


class SelfAttention(nn.Module):
    """Multi-head self-attention on [B, L, D] tokens."""

    def __init__(self, dim: int, heads: int):
        super().__init__()
        if dim % heads:
            raise ValueError(f"attention width {dim} is not divisible by {heads} heads")
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        length, dim = x.shape[1], x.shape[2]
        head_dim = dim // self.heads
        qkv = self.qkv(x).reshape(-1, length, 3, self.heads, head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        weights = torch.softmax(torch.matmul(q, k.transpose(-2, -1)) * (1.0 / math.sqrt(head_dim)), dim=-1)
        out = torch.matmul(weights, v).transpose(1, 2).reshape(-1, length, dim)
        return self.proj(out)


class EncoderLayer(nn.Module):
    """A pre-norm transformer encoder layer: x + Attn(LN(x)), then x + MLP(LN(x))."""

    def __init__(self, dim: int, heads: int, mlp_ratio: float = 2.0, dropout: float = 0.0):
        super().__init__()
        hidden = int(dim * mlp_ratio)
        self.norm1 = nn.LayerNorm(dim)
        self.attn = SelfAttention(dim, heads)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, hidden), nn.GELU(), nn.Dropout(dropout), nn.Linear(hidden, dim))
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.dropout(self.attn(self.norm1(x)))
        return x + self.dropout(self.mlp(self.norm2(x)))


class Encoder(nn.Module):
    """A stack of encoder layers and a final LayerNorm (Devlin et al. 2019, pre-norm)."""

    def __init__(self, dim: int, depth: int, heads: int, mlp_ratio: float = 2.0, dropout: float = 0.0):
        super().__init__()
        self.layers = nn.ModuleList(EncoderLayer(dim, heads, mlp_ratio, dropout) for _ in range(depth))
        self.norm = nn.LayerNorm(dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for layer in self.layers:
            x = layer(x)
        return self.norm(x)


class Backbone(nn.Module):
    """What every reference denoiser shares: (x [B, G, C], t [B] int64, y [B] int64 or None) → ε [B, G, C].
    `family` is the contract's gdw.family; `build_config` (set by the registry) rebuilds the model."""

    family = "other"

    def __init__(self, genes: int, channels: int, num_classes: Optional[int] = None):
        super().__init__()
        if genes < 1 or channels < 1:
            raise ValueError(f"genes and channels must be ≥ 1, got {genes} × {channels}")
        self.genes = genes
        self.channels = channels
        self.num_classes = num_classes or None
        self.build_config: dict = {}
