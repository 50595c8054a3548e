"""Noise schedules, computed exactly as src/core/diffusion/schedule.ts does (float64).

Linear β from beta_start to beta_end (Ho et al. 2020; the paper's text: 1e-4 … 0.02, T = 1000).
Cosine ᾱ (Nichol & Dhariwal 2021): f(t) = cos²(((t/T + s)/(1 + s))·π/2), β_t = min(1 − f(t+1)/f(t),
0.999), s = 0.008 (the paper's published code, T = 500). Index t runs 0 … T−1.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

SCHEDULE_KINDS = ("linear", "cosine")
DEFAULT_BETA_START = 1e-4
DEFAULT_BETA_END = 0.02
COSINE_OFFSET = 0.008
MAX_BETA = 0.999


@dataclass(frozen=True)
class NoiseSchedule:
    kind: str
    timesteps: int
    beta_start: float
    beta_end: float
    betas: np.ndarray
    alphas: np.ndarray
    alphas_cumprod: np.ndarray
    alphas_cumprod_prev: np.ndarray
    posterior_variance: np.ndarray

    def tensor(self, name: str, dtype: torch.dtype = torch.float32) -> torch.Tensor:
        """One of the arrays as a torch tensor (float32 by default, for training)."""
        return torch.from_numpy(getattr(self, name).copy()).to(dtype)


def _linear_betas(T: int, start: float, end: float) -> list[float]:
    # Same expression and evaluation order as linearBetas() in schedule.ts.
    return [start if T == 1 else start + ((end - start) * t) / (T - 1) for t in range(T)]


def _cosine_betas(T: int, s: float) -> list[float]:
    def f(t: int) -> float:
        return math.cos((((t / T) + s) / (1 + s)) * (math.pi / 2)) ** 2
    return [min(1 - f(t + 1) / f(t), MAX_BETA) for t in range(T)]


def make_schedule(kind: str = "linear", timesteps: int = 1000, beta_start: float = DEFAULT_BETA_START,
                  beta_end: float = DEFAULT_BETA_END) -> NoiseSchedule:
    if kind not in SCHEDULE_KINDS:
        raise ValueError(f"schedule must be one of {', '.join(SCHEDULE_KINDS)}, got {kind!r}")
    if not isinstance(timesteps, int) or timesteps < 1:
        raise ValueError(f"timesteps must be a positive integer, got {timesteps!r}")
    betas = _linear_betas(timesteps, beta_start, beta_end) if kind == "linear" else _cosine_betas(timesteps, COSINE_OFFSET)
    bad = [t for t, b in enumerate(betas) if not 0 < b < 1]
    if bad:
        raise ValueError(f"β_{bad[0]} = {betas[bad[0]]} is outside (0, 1)")
    alphas, cumprod, cumprod_prev, posterior = [], [], [], []
    product = 1.0
    for b in betas:  # sequential products, as in the TypeScript loop, so rounding matches
        cumprod_prev.append(product)
        product *= 1 - b
        alphas.append(1 - b)
        cumprod.append(product)
        posterior.append(((1 - cumprod_prev[-1]) / (1 - product)) * b)
    arr = lambda v: np.asarray(v, dtype=np.float64)  # noqa: E731
    return NoiseSchedule(kind, timesteps, beta_start, beta_end, arr(betas), arr(alphas), arr(cumprod),
                         arr(cumprod_prev), arr(posterior))


def q_sample(schedule: NoiseSchedule, x0: torch.Tensor, t: torch.Tensor, noise: torch.Tensor) -> torch.Tensor:
    """Forward noising x_t = √ᾱ_t·x0 + √(1−ᾱ_t)·ε (Ho et al. eq. 4; the paper's eq. 2 swaps the terms)."""
    ab = schedule.tensor("alphas_cumprod", x0.dtype).to(x0.device)[t].view(-1, *([1] * (x0.dim() - 1)))
    return ab.sqrt() * x0 + (1 - ab).sqrt() * noise


def predict_x0(schedule: NoiseSchedule, xt: torch.Tensor, t: torch.Tensor, eps: torch.Tensor) -> torch.Tensor:
    """x̂0 = (x_t − √(1−ᾱ_t)·ε̂)/√ᾱ_t (REFERENCE.md; the paper's eq. 4 uses α_t where ᾱ_t belongs)."""
    ab = schedule.tensor("alphas_cumprod", xt.dtype).to(xt.device)[t].view(-1, *([1] * (xt.dim() - 1)))
    return (xt - (1 - ab).sqrt() * eps) / ab.sqrt()
