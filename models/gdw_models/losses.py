"""The diffusion training objective: ε-MSE over the real (unpadded) slots only (the paper §3.2:
"we set the loss at all zero padded positions to zero"), t uniform over 0 … T−1."""
from __future__ import annotations

from typing import Optional

import torch
from torch import nn

from .schedule import NoiseSchedule, q_sample


def masked_mse(pred: torch.Tensor, target: torch.Tensor, mask: Optional[torch.Tensor]) -> torch.Tensor:
    """Mean of (pred − target)² over the slots where mask = 1; mask is [G, C] or [B, G, C]."""
    err = (pred - target) ** 2
    if mask is None:
        return err.mean()
    mask = mask.to(err.dtype).expand_as(err)
    return (err * mask).sum() / mask.sum().clamp_min(1)


def masked_mae(pred: torch.Tensor, target: torch.Tensor, mask: Optional[torch.Tensor]) -> torch.Tensor:
    err = (pred - target).abs()
    if mask is None:
        return err.mean()
    mask = mask.to(err.dtype).expand_as(err)
    return (err * mask).sum() / mask.sum().clamp_min(1)


def diffusion_loss(model: nn.Module, schedule: NoiseSchedule, x0: torch.Tensor, y: Optional[torch.Tensor],
                   mask: Optional[torch.Tensor], generator: Optional[torch.Generator] = None,
                   t: Optional[torch.Tensor] = None) -> torch.Tensor:
    """Masked ε-MSE at t ~ U{0 … T−1}. The noise is zero on padded slots, so x_t keeps them at 0,
    as the sampler's clamping does at generation time."""
    if t is None:
        t = torch.randint(0, schedule.timesteps, (x0.shape[0],), generator=generator, device=x0.device)
    noise = torch.randn(x0.shape, generator=generator, device=x0.device)
    if mask is not None:
        noise = noise * mask.to(noise.dtype)
    return masked_mse(model(q_sample(schedule, x0, t, noise), t, y), noise, mask)
