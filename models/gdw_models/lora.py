"""Low-rank adaptation (Hu et al. 2021, seed 003 §3.1.2) of a backbone's linear layers, written out
here because it is a few lines and Debian's torch has no peft: each nn.Linear W keeps its weights
frozen and gains ΔW = (α / r)·B·A with A [r, in] and B [out, r] trainable; B starts at zero, so an
adapted model starts out equal to its base. `merge_lora` folds ΔW into W and puts plain nn.Linear
layers back, so the ONNX export has the base architecture's graph (the backbone contract unchanged)."""
from __future__ import annotations

import math

import torch
from torch import nn


class LoRALinear(nn.Module):
    """y = x·Wᵀ + b + (α / r)·x·Aᵀ·Bᵀ with W, b frozen."""

    def __init__(self, base: nn.Linear, rank: int, alpha: float):
        super().__init__()
        if rank < 1:
            raise ValueError(f"LoRA rank {rank}: expected an integer ≥ 1")
        self.base = base
        for p in self.base.parameters():
            p.requires_grad_(False)
        self.rank, self.alpha, self.scaling = rank, alpha, alpha / rank
        self.lora_a = nn.Parameter(torch.empty(rank, base.in_features))
        self.lora_b = nn.Parameter(torch.zeros(base.out_features, rank))
        nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))  # nn.Linear's own initialisation, as LoRA's code does

    def delta(self) -> torch.Tensor:
        """ΔW [out, in]: rank ≤ r."""
        return self.scaling * (self.lora_b @ self.lora_a)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + self.scaling * ((x @ self.lora_a.t()) @ self.lora_b.t())

    def merged(self) -> nn.Linear:
        out = nn.Linear(self.base.in_features, self.base.out_features, bias=self.base.bias is not None)
        with torch.no_grad():
            out.weight.copy_(self.base.weight + self.delta())
            if self.base.bias is not None:
                out.bias.copy_(self.base.bias)
        return out


def _replace(module: nn.Module, swap) -> int:
    count = 0
    for name, child in module.named_children():
        new = swap(child)
        if new is not None:
            setattr(module, name, new)
            count += 1
        else:
            count += _replace(child, swap)
    return count


def apply_lora(model: nn.Module, rank: int, alpha: float) -> int:
    """Freezes every parameter of `model` and wraps each nn.Linear in a LoRALinear (in place).
    Returns the number of wrapped layers. Other layers (per-gene dense, norms, embeddings' tables)
    stay frozen: LoRA adapts the linear layers only."""
    for p in model.parameters():
        p.requires_grad_(False)
    return _replace(model, lambda m: LoRALinear(m, rank, alpha) if isinstance(m, nn.Linear) else None)


def merge_lora(model: nn.Module) -> int:
    """Folds every LoRALinear back into a plain nn.Linear (in place); returns how many."""
    return _replace(model, lambda m: m.merged() if isinstance(m, LoRALinear) else None)


def trainable_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
