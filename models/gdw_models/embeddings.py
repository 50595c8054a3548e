"""Conditioning shared by every backbone: the sinusoidal time embedding (Vaswani et al. 2017,
as in Ho et al. 2020) and a class embedding with an optional null class for classifier-free
guidance (Ho & Salimans 2022): index `num_classes` means "no label"."""
from __future__ import annotations

import math
from typing import Optional

import torch
from torch import nn


def sinusoidal_embedding(t: torch.Tensor, dim: int, max_period: float = 10000.0) -> torch.Tensor:
    """[B] timesteps (int or float) → [B, dim]: sin(t·ω_k) then cos(t·ω_k), ω_k = max_period^(−k/half)."""
    half = dim // 2
    freqs = torch.exp(-math.log(max_period) * torch.arange(half, dtype=torch.float32, device=t.device) / half)
    args = t.to(torch.float32).unsqueeze(-1) * freqs.unsqueeze(0)
    emb = torch.cat([torch.sin(args), torch.cos(args)], dim=-1)
    if dim % 2:
        emb = torch.cat([emb, torch.zeros_like(emb[:, :1])], dim=-1)
    return emb


class TimeEmbedding(nn.Module):
    """t → sinusoidal features → Linear → SiLU → Linear: the conditioning vector every block adds."""

    def __init__(self, dim: int, sinusoidal_dim: Optional[int] = None):
        super().__init__()
        self.sinusoidal_dim = sinusoidal_dim or dim
        self.mlp = nn.Sequential(nn.Linear(self.sinusoidal_dim, dim), nn.SiLU(), nn.Linear(dim, dim))

    def forward(self, t: torch.Tensor) -> torch.Tensor:
        return self.mlp(sinusoidal_embedding(t, self.sinusoidal_dim))


class ClassEmbedding(nn.Module):
    """y [B] int64 → [B, dim]. With `null_class`, row `num_classes` is the learned "unconditional"
    embedding, used for y = None and for label dropout in training (classifier-free guidance)."""

    def __init__(self, num_classes: int, dim: int, null_class: bool = True):
        super().__init__()
        if num_classes < 1:
            raise ValueError(f"num_classes must be ≥ 1, got {num_classes}")
        self.num_classes = num_classes
        self.null_class = null_class
        self.embedding = nn.Embedding(num_classes + (1 if null_class else 0), dim)

    @property
    def null_index(self) -> int:
        if not self.null_class:
            raise ValueError("this class embedding has no null class")
        return self.num_classes

    def forward(self, y: Optional[torch.Tensor], batch: int) -> torch.Tensor:
        if y is None:
            y = torch.full((batch,), self.null_index, dtype=torch.long, device=self.embedding.weight.device)
        return self.embedding(y)


def drop_labels(y: torch.Tensor, probability: float, null_index: int, generator: Optional[torch.Generator] = None) -> torch.Tensor:
    """Replaces each label by the null class with `probability` (classifier-free guidance training)."""
    if probability <= 0:
        return y
    drop = torch.rand(y.shape, generator=generator, device=y.device) < probability
    return torch.where(drop, torch.full_like(y, null_index), y)


class Conditioning(nn.Module):
    """time embedding + class embedding (when the model takes labels): one [B, dim] vector."""

    def __init__(self, dim: int, num_classes: Optional[int] = None, null_class: bool = True):
        super().__init__()
        self.time = TimeEmbedding(dim)
        self.label = ClassEmbedding(num_classes, dim, null_class) if num_classes else None

    def forward(self, t: torch.Tensor, y: Optional[torch.Tensor]) -> torch.Tensor:
        cond = self.time(t)
        if self.label is not None:
            cond = cond + self.label(y, t.shape[0])
        return cond
