"""UNet-CNN (the paper's §3.3): a 1-D convolutional U-Net over the gene axis, channels = the C
components of each gene. Residual conv blocks with GroupNorm and the time (+ class) embedding,
stride-2 convolutions down and transposed convolutions up with concatenated skips, and
multi-head self-attention at the bottleneck "to share global information" and reduce the
sequential bias of convolutions. The gene axis is zero-padded internally to a multiple of
2^(levels−1) and cropped back."""
from __future__ import annotations

from typing import Optional, Sequence

import torch
import torch.nn.functional as F
from torch import nn

from .embeddings import Conditioning
from .layers import Backbone, SelfAttention, group_count


class ConvResBlock(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, cond_dim: int, kernel_size: int = 3, dropout: float = 0.0):
        super().__init__()
        pad = kernel_size // 2
        self.norm1 = nn.GroupNorm(group_count(in_channels), in_channels)
        self.conv1 = nn.Conv1d(in_channels, out_channels, kernel_size, padding=pad)
        self.cond = nn.Linear(cond_dim, out_channels)
        self.norm2 = nn.GroupNorm(group_count(out_channels), out_channels)
        self.dropout = nn.Dropout(dropout)
        self.conv2 = nn.Conv1d(out_channels, out_channels, kernel_size, padding=pad)
        self.skip = nn.Conv1d(in_channels, out_channels, 1) if in_channels != out_channels else nn.Identity()
        self.act = nn.SiLU()

    def forward(self, x: torch.Tensor, cond: torch.Tensor) -> torch.Tensor:
        h = self.conv1(self.act(self.norm1(x))) + self.cond(cond).unsqueeze(-1)
        h = self.conv2(self.dropout(self.act(self.norm2(h))))
        return self.skip(x) + h


class AttentionBlock(nn.Module):
    """x + Attn(GroupNorm(x)) over the positions of a [B, ch, L] feature map."""

    def __init__(self, channels: int, heads: int):
        super().__init__()
        self.norm = nn.GroupNorm(group_count(channels), channels)
        self.attn = SelfAttention(channels, heads)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.attn(self.norm(x).transpose(1, 2)).transpose(1, 2)


class UNetCNN(Backbone):
    family = "unet-cnn"

    def __init__(self, genes: int, channels: int, num_classes: Optional[int] = None, *, base_channels: int = 16,
                 channel_mults: Sequence[int] = (1, 2, 2), heads: int = 4, time_dim: int = 128, kernel_size: int = 3,
                 dropout: float = 0.0, null_class: bool = True):
        super().__init__(genes, channels, num_classes)
        widths = [base_channels * m for m in channel_mults]
        factor = 2 ** (len(widths) - 1)
        self.padded_genes = -(-genes // factor) * factor
        self.cond = Conditioning(time_dim, self.num_classes, null_class)
        self.stem = nn.Conv1d(channels, widths[0], kernel_size, padding=kernel_size // 2)
        self.down = nn.ModuleList(
            ConvResBlock(widths[max(i - 1, 0)], w, time_dim, kernel_size, dropout) for i, w in enumerate(widths))
        self.downsample = nn.ModuleList(nn.Conv1d(w, w, 3, stride=2, padding=1) for w in widths[:-1])
        self.mid1 = ConvResBlock(widths[-1], widths[-1], time_dim, kernel_size, dropout)
        self.mid_attn = AttentionBlock(widths[-1], heads)
        self.mid2 = ConvResBlock(widths[-1], widths[-1], time_dim, kernel_size, dropout)
        self.up = nn.ModuleList(ConvResBlock(2 * w, w, time_dim, kernel_size, dropout) for w in widths)
        self.upsample = nn.ModuleList(nn.ConvTranspose1d(b, a, 2, stride=2) for a, b in zip(widths[:-1], widths[1:]))
        self.head = nn.Sequential(nn.GroupNorm(group_count(widths[0]), widths[0]), nn.SiLU(),
                                  nn.Conv1d(widths[0], channels, kernel_size, padding=kernel_size // 2))

    def forward(self, x: torch.Tensor, t: torch.Tensor, y: Optional[torch.Tensor] = None) -> torch.Tensor:
        cond = self.cond(t, y)
        h = x.transpose(1, 2)  # [B, C, G]: components are the conv channels
        if self.padded_genes != self.genes:
            h = F.pad(h, (0, self.padded_genes - self.genes))
        h = self.stem(h)
        skips = []
        for level, block in enumerate(self.down):
            h = block(h, cond)
            skips.append(h)
            if level < len(self.downsample):
                h = self.downsample[level](h)
        h = self.mid2(self.mid_attn(self.mid1(h, cond)), cond)
        for level in reversed(range(len(self.up))):
            h = self.up[level](torch.cat([h, skips[level]], dim=1), cond)
            if level > 0:
                h = self.upsample[level - 1](h)
        h = self.head(h)[:, :, : self.genes]
        return h.transpose(1, 2)
